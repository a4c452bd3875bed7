// Scenario tests of probable causes on a simulated clock: own incidents opened by automation link
// the vendor incidents of the vendor components they depend on (issue 9, seed 002).
#include "incident/probable_cause.h"

#include <gtest/gtest.h>

#include "incident/automation.h"
#include "incident/incident_service.h"
#include "support/store_fixture.h"
#include "unit/incident/automation_fixture.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
using C = ComponentStatus;

// 2024-03-19 14:58:00 UTC, so the note's "detected 14:58 UTC" is predictable.
const Instant kDetected =
    Instant(std::chrono::sys_days(std::chrono::year{2024} / 3 / 19) + 14h + 58min);

class ProbableCauseTest : public testing::AutomationFixture {
 protected:
  ProbableCauseTest() : AutomationFixture(kDetected) {}

  void SetUp() override {
    // web → api → Cloudflare CDN; mail → the Postmark vendor's "Outbound".
    using testing::component;
    AutomationSettings settings;
    settings.vendor_names = {{"cloudflare", "Cloudflare"}};
    open({component("api", "API", "", 0, {"vendor:cloudflare/CDN"}),
          component("web", "Web app", "", 0, {"api"}),
          component("mail", "Mail", "", 0, {"vendor:postmark/Outbound"}),
          component("db", "Database")},
         settings);
  }

  // Stores a vendor incident as the vendor poller would; returns its id.
  std::string vendor_incident(const std::string& vendor, const std::string& name,
                              std::vector<std::string> components,
                              IncidentStatus status = IncidentStatus::kInvestigating) {
    Incident v;
    v.id = "v" + std::to_string(++vendor_count_);
    v.name = name;
    v.status = status;
    v.impact = Impact::kMinor;
    v.source = IncidentSource::kVendor;
    v.vendor = vendor;
    v.fingerprint = "vendor:" + vendor + ":" + v.id;
    v.external_components = std::move(components);
    v.created_at = v.updated_at = v.started_at = clock_.now();
    v.detected_at = clock_.now();
    if (status == IncidentStatus::kResolved) v.resolved_at = clock_.now();
    IncidentUpdate u;
    u.id = v.id + "-u1";
    u.status = status;
    u.body = "We are investigating.";
    u.created_at = u.updated_at = u.display_at = clock_.now();
    v.updates.push_back(u);
    auto saved = store_->save_incident({v, 0, {}});
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return v.id;
  }

  // Every failure here is a major outage: the monitor's connection refused.
  ComponentHealth failing(const std::string& id) {
    return AutomationFixture::failing(id, C::kMajorOutage, "connection refused");
  }
  // The own (automatic or manual) incidents, newest first.
  std::vector<Incident> own_incidents() {
    std::vector<Incident> out;
    IncidentQuery q;
    q.kind = IncidentKind::kIncident;
    auto all = store_->list_incidents(q);
    EXPECT_TRUE(all.ok());
    if (!all.ok()) return out;
    for (auto& i : *all) {
      if (i.source != IncidentSource::kVendor) out.push_back(std::move(i));
    }
    return out;
  }
  std::vector<std::string> cause_ids(const Incident& i) {
    std::vector<std::string> out;
    for (const auto& c : i.probable_causes) out.push_back(c.incident_id);
    return out;
  }

  int vendor_count_ = 0;
};

TEST_F(ProbableCauseTest, VendorIncidentFirstThenOwnFailureLinksOnOpening) {
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"CDN", "DNS"});
  clock_.advance(4min);
  run({failing("api")});
  auto list = own_incidents();
  ASSERT_EQ(list.size(), 1u);
  const Incident& i = list[0];
  ASSERT_EQ(i.probable_causes.size(), 1u);
  EXPECT_EQ(i.probable_causes[0].incident_id, v);
  EXPECT_EQ(i.probable_causes[0].reason, "API depends on Cloudflare CDN");
  EXPECT_EQ(i.probable_causes[0].linked_by, "automation");
  EXPECT_EQ(i.probable_causes[0].linked_at, clock_.now());
  ASSERT_EQ(i.updates.size(), 1u) << "the note rides in the opening update";
  EXPECT_NE(i.updates[0].body.find("Probable cause: Cloudflare incident \"CDN degraded\", "
                                   "detected 14:58 UTC by Pharos (API depends on Cloudflare CDN)."),
            std::string::npos)
      << i.updates[0].body;

  for (int n = 0; n < 6; ++n) {  // still failing: recorded once, not on every evaluation
    clock_.advance(10s);
    run({failing("api")});
  }
  Incident later = own_incidents()[0];
  EXPECT_EQ(cause_ids(later), std::vector<std::string>{v});
  EXPECT_EQ(later.updates.size(), 1u);
}

TEST_F(ProbableCauseTest, VendorIncidentSeenAfterTheOwnIncidentOpenedIsLinkedWithOneUpdate) {
  run({failing("api")});
  ASSERT_TRUE(own_incidents()[0].probable_causes.empty());
  clock_.advance(2min);
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"cdn"});  // case differs
  clock_.advance(10s);
  run({failing("api")});
  Incident i = own_incidents()[0];
  EXPECT_EQ(cause_ids(i), std::vector<std::string>{v});
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.updates[1].status, IncidentStatus::kInvestigating) << "a note, not a transition";
  EXPECT_EQ(i.updates[1].body,
            "Probable cause: Cloudflare incident \"CDN degraded\", detected 15:00 UTC by Pharos "
            "(API depends on Cloudflare CDN).");
  clock_.advance(10s);
  run({failing("api")});
  EXPECT_EQ(own_incidents()[0].updates.size(), 2u);
}

TEST_F(ProbableCauseTest, VendorIncidentOnAnUnrelatedComponentOrVendorIsNotLinked) {
  vendor_incident("cloudflare", "DNS resolution errors", {"DNS"});
  vendor_incident("postmark", "Delays", {});  // the whole vendor, but api does not depend on it
  run({failing("api")});
  auto list = own_incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0].probable_causes.empty());
  EXPECT_EQ(list[0].updates[0].body.find("Probable cause"), std::string::npos);
}

TEST_F(ProbableCauseTest, ResolvedVendorIncidentIsNotLinked) {
  vendor_incident("cloudflare", "CDN degraded", {"CDN"}, IncidentStatus::kResolved);
  run({failing("api")});
  EXPECT_TRUE(own_incidents()[0].probable_causes.empty());
}

TEST_F(ProbableCauseTest, IncidentNamingNoComponentConcernsTheWholeVendor) {
  std::string v = vendor_incident("postmark", "Degraded delivery", {});
  run({failing("mail")});
  Incident i = own_incidents()[0];
  EXPECT_EQ(cause_ids(i), std::vector<std::string>{v});
  // No display name configured for postmark: the slug stands in.
  EXPECT_EQ(i.probable_causes[0].reason, "Mail depends on postmark Outbound");
}

TEST_F(ProbableCauseTest, CascadeThroughAnOwnDependencyLinksTheVendorIncident) {
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"CDN"});
  run({failing("web")});  // web fails; api is not monitored at all
  Incident i = own_incidents()[0];
  EXPECT_EQ(cause_ids(i), std::vector<std::string>{v});
  EXPECT_EQ(i.probable_causes[0].reason, "Web app depends on API, which depends on Cloudflare CDN");
}

TEST_F(ProbableCauseTest, CascadeMembersShareOneLink) {
  // db fails first (no vendor), then web → api fails with a Cloudflare incident open: web has its
  // own incident (api is its root, not db), linked through the cascade.
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"CDN"});
  run({failing("db")});
  run({failing("db"), failing("api"), failing("web")});
  auto list = own_incidents();
  ASSERT_EQ(list.size(), 2u);
  for (const auto& i : list) {
    if (i.root_component_id == "db") {
      EXPECT_TRUE(i.probable_causes.empty());
    } else {
      EXPECT_EQ(i.root_component_id, "api");
      EXPECT_EQ(i.component_ids, (std::vector<std::string>{"api", "web"}));
      EXPECT_EQ(cause_ids(i), std::vector<std::string>{v}) << "one link, though both lead to it";
    }
  }
}

TEST_F(ProbableCauseTest, HumanDrivenIncidentGetsTheLinkWithoutAnUpdate) {
  run({failing("api")});
  IncidentService service(*store_, clock_);
  UpdateRequest request;
  request.body = "We are on it.";
  request.author = "alice";
  ASSERT_TRUE(service.post_update(own_incidents()[0].id, request, "test").ok());
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"CDN"});
  run({failing("api")});
  Incident i = own_incidents()[0];
  EXPECT_EQ(cause_ids(i), std::vector<std::string>{v});
  EXPECT_EQ(i.updates.size(), 2u) << "people own the timeline of a taken-over incident";
}

TEST_F(ProbableCauseTest, PeopleLinkAndUnlinkAndAutomationRespectsTheUnlink) {
  IncidentService service(*store_, clock_);
  NewIncident manual;
  manual.name = "Slow pages";
  manual.body = "Looking into it.";
  auto opened = service.open(manual, "test");
  ASSERT_TRUE(opened.ok());
  std::string v = vendor_incident("cloudflare", "CDN degraded", {"CDN"});

  auto linked = service.link_probable_cause(opened->id, v, "alice", "test");
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  auto stored = **store_->find_incident(opened->id);
  ASSERT_EQ(stored.probable_causes.size(), 1u);
  EXPECT_EQ(stored.probable_causes[0].linked_by, "alice");
  EXPECT_TRUE(service.link_probable_cause(opened->id, v, "alice", "test").ok()) << "idempotent";
  EXPECT_EQ((**store_->find_incident(opened->id)).probable_causes.size(), 1u);

  auto not_vendor = service.link_probable_cause(v, opened->id, "alice", "test");
  ASSERT_FALSE(not_vendor.ok());
  EXPECT_EQ(not_vendor.error().code, ErrorCode::kInvalidArgument);
  auto own_as_cause = service.link_probable_cause(opened->id, opened->id, "alice", "test");
  ASSERT_FALSE(own_as_cause.ok());
  EXPECT_EQ(own_as_cause.error().field, "cause_id");
  auto unknown = service.link_probable_cause(opened->id, "nope", "alice", "test");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(service.unlink_probable_cause(opened->id, v, "test").ok());
  EXPECT_TRUE((**store_->find_incident(opened->id)).probable_causes.empty());
  EXPECT_EQ(service.unlink_probable_cause(opened->id, v, "test").error().code,
            ErrorCode::kNotFound);

  // An automatic incident whose link a person removed is not linked again.
  run({failing("api")});
  Incident automatic;
  for (auto& i : own_incidents()) {
    if (i.source == IncidentSource::kAutomatic) automatic = i;
  }
  ASSERT_EQ(cause_ids(automatic), std::vector<std::string>{v});
  ASSERT_TRUE(service.unlink_probable_cause(automatic.id, v, "test").ok());
  clock_.advance(10s);
  run({failing("api")});
  Incident after = **store_->find_incident(automatic.id);
  EXPECT_TRUE(after.probable_causes.empty());
  EXPECT_EQ(after.dismissed_causes, std::vector<std::string>{v});
}

TEST(VendorDependenciesTest, FollowsOwnDependenciesAndCutsCycles) {
  std::map<std::string, Component> catalog;
  auto add = [&](const std::string& id, std::vector<std::string> deps) {
    Component c;
    c.id = id;
    c.name = id;
    c.depends_on = std::move(deps);
    catalog[id] = c;
  };
  add("a", {"b", "vendor:x/One"});
  add("b", {"a", "c", "vendor:x/One"});
  add("c", {"vendor:y/Two", "b"});
  auto deps = vendor_dependencies("a", catalog);
  ASSERT_EQ(deps.size(), 2u);
  EXPECT_EQ(deps[0].ref.slug, "x");
  EXPECT_EQ(deps[0].path, std::vector<std::string>{"a"}) << "shortest chain wins";
  EXPECT_EQ(deps[1].ref.slug, "y");
  EXPECT_EQ(deps[1].path, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_FALSE(parse_vendor_ref("vendor:x").has_value());
  EXPECT_FALSE(parse_vendor_ref("api").has_value());
}

}  // namespace
}  // namespace pharos
