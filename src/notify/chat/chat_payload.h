#pragma once
// Incoming-webhook bodies for chat tools, built from the channel-neutral text message:
//   slack:   {"text": "*subject*\n…"}                      (Slack and Mattermost)
//   discord: {"content": "**subject**\n…"}                 (at most 2,000 characters)
//   teams:   {"@type":"MessageCard","@context":"https://schema.org/extensions",
//             "summary","title","text"}                     (Office 365 connector card)
#include <string>

#include "notify/message.h"
#include "storage/notify_store.h"

namespace pharos::notify {

std::string chat_payload(SubscriberKind kind, const TextMessage& message);

}  // namespace pharos::notify
