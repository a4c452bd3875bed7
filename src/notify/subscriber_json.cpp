#include "notify/subscriber_json.h"

#include "statuspage/json.h"

namespace pharos::notify {

boost::json::object subscriber_json(const Subscriber& s) {
  boost::json::array components;
  for (const auto& c : s.components) components.emplace_back(c);
  return {{"id", s.id},
          {"kind", to_string(s.kind)},
          {"address", s.address},
          {"component_ids", std::move(components)},
          {"page", s.page},
          {"confirmed", s.confirmed},
          {"created_at", format_iso_utc(s.created_at)},
          {"confirmed_at", statuspage::time_or_null(s.confirmed_at)}};
}

}  // namespace pharos::notify
