#include "notify/fanout.h"

#include <algorithm>

namespace pharos::notify {
namespace {

bool wants(const Subscriber& s, const std::vector<std::string>& components) {
  if (s.components.empty() || components.empty()) return true;
  return std::any_of(components.begin(), components.end(), [&](const std::string& c) {
    return std::find(s.components.begin(), s.components.end(), c) != s.components.end();
  });
}

// Whether the page a subscriber signed up to shows one of `about`.
bool on_page(const Subscriber& s, const std::vector<std::string>& about,
             const PageComponents& pages) {
  if (s.page.empty()) return true;
  auto page = pages.find(s.page);
  if (page == pages.end()) return false;
  return std::any_of(about.begin(), about.end(),
                     [&](const std::string& c) { return page->second.count(c) > 0; });
}

}  // namespace

std::string route_target(size_t index) { return "route-" + std::to_string(index); }

long route_index(const std::string& target) {
  if (target.rfind("route-", 0) != 0) return -1;
  try {
    return std::stol(target.substr(6));
  } catch (...) {
    return -1;
  }
}

std::string vendor_subscription(const std::string& slug) { return "vendor:" + slug; }

std::vector<std::string> targets_for(const OutboxEvent& event,
                                     const std::vector<Subscriber>& subscribers, size_t route_count,
                                     const std::vector<std::string>& incident_components,
                                     const std::string& incident_vendor,
                                     const PageComponents& page_components) {
  std::vector<std::string> out;
  if (event.kind == EventKind::kSubscriberConfirm) {
    for (const auto& s : subscribers) {
      if (s.id == event.subscriber_id) out.push_back(s.id);
    }
    return out;
  }
  bool is_public = event.audience == Audience::kPublic && event.kind != EventKind::kAlert;
  if (is_public) {
    std::vector<std::string> about = event.kind == EventKind::kComponentUpdated
                                         ? std::vector<std::string>{event.component_id}
                                         : incident_components;
    for (const auto& s : subscribers) {
      if (s.confirmed && on_page(s, about, page_components) && wants(s, about)) {
        out.push_back(s.id);
      }
    }
  }
  bool vendor_news = event.kind == EventKind::kIncidentUpdated &&
                     event.audience == Audience::kAdmin && !incident_vendor.empty();
  if (vendor_news) {
    std::string wanted = vendor_subscription(incident_vendor);
    for (const auto& s : subscribers) {
      if (s.confirmed &&
          std::find(s.components.begin(), s.components.end(), wanted) != s.components.end()) {
        out.push_back(s.id);
      }
    }
  }
  for (size_t i = 0; i < route_count; ++i) out.push_back(route_target(i));
  return out;
}

}  // namespace pharos::notify
