#include "notify/chat/chat_payload.h"

#include <boost/json.hpp>

namespace pharos::notify {

std::string chat_payload(SubscriberKind kind, const TextMessage& m) {
  boost::json::object o;
  switch (kind) {
    case SubscriberKind::kDiscord: {
      std::string content = "**" + m.subject + "**\n" + m.plain;
      if (content.size() > 2000) content = content.substr(0, 1997) + "...";
      o["content"] = content;
      break;
    }
    case SubscriberKind::kTeams:
      o["@type"] = "MessageCard";
      o["@context"] = "https://schema.org/extensions";
      o["summary"] = m.subject;
      o["title"] = m.subject;
      o["text"] = m.plain;
      break;
    default:
      o["text"] = "*" + m.subject + "*\n" + m.plain;
      break;
  }
  return boost::json::serialize(o);
}

}  // namespace pharos::notify
