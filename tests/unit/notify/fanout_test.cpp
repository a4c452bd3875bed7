#include "notify/fanout.h"

#include <gtest/gtest.h>

namespace pharos::notify {
namespace {

Subscriber sub(std::string id, bool confirmed, std::vector<std::string> components = {}) {
  Subscriber s;
  s.id = std::move(id);
  s.confirmed = confirmed;
  s.components = std::move(components);
  return s;
}

OutboxEvent event(EventKind kind, Audience audience = Audience::kPublic) {
  OutboxEvent e;
  e.seq = 1;
  e.kind = kind;
  e.audience = audience;
  e.component_id = "api";
  e.subscriber_id = "new";
  return e;
}

TEST(FanOutTest, ChoosesTargetsByEventAudienceAndComponents) {
  std::vector<Subscriber> subs = {sub("all", true), sub("api", true, {"api"}),
                                  sub("db", true, {"db"}), sub("both", true, {"db", "api"}),
                                  sub("new", false)};
  using V = std::vector<std::string>;
  struct Case {
    const char* name;
    OutboxEvent e;
    size_t routes;
    V incident_components;
    V want;
  } cases[] = {
      {"incident on api", event(EventKind::kIncidentUpdated), 0, {"api"}, {"all", "api", "both"}},
      {"incident on db",
       event(EventKind::kIncidentUpdated),
       1,
       {"db"},
       {"all", "db", "both", "route-0"}},
      {"incident without components reaches everyone confirmed",
       event(EventKind::kIncidentUpdated),
       0,
       {},
       {"all", "api", "db", "both"}},
      {"component api",
       event(EventKind::kComponentUpdated),
       2,
       {},
       {"all", "api", "both", "route-0", "route-1"}},
      {"vendor incident: admin routes only",
       event(EventKind::kIncidentUpdated, Audience::kAdmin),
       1,
       {"api"},
       {"route-0"}},
      {"alert: admin routes only",
       event(EventKind::kAlert, Audience::kAdmin),
       2,
       {},
       {"route-0", "route-1"}},
      {"confirmation: only the new subscriber",
       event(EventKind::kSubscriberConfirm),
       2,
       {},
       {"new"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(targets_for(c.e, subs, c.routes, c.incident_components), c.want) << c.name;
  }
}

TEST(FanOutTest, RouteTargetsRoundTrip) {
  EXPECT_EQ(route_index(route_target(7)), 7);
  EXPECT_EQ(route_index("abcdefghijkl"), -1);
  EXPECT_EQ(route_index("route-x"), -1);
}

}  // namespace
}  // namespace pharos::notify
