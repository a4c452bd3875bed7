#include "incident/incident_service.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"

#include "support/update_request.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

using testing::upd;

class IncidentServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Page page{"", "Acme", "", "Etc/UTC"};
    auto store = db_.open(clock_, page, {},
                          {testing::component("api", "API"), testing::component("db", "Database")});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    service_ = std::make_unique<IncidentService>(*store_, clock_);
  }

  ComponentStatus status_of(const std::string& id) { return (*store_->find_component(id))->status; }

  testing::StoreFixture db_{testing::StoreFixture::kFake};  // no SQLite needed
  FakeClock clock_{Instant(std::chrono::hours(24 * 19800))};
  std::unique_ptr<Store> store_;
  std::unique_ptr<IncidentService> service_;
};

TEST_F(IncidentServiceTest, OpenUpdateResolveMovesComponentsAlong) {
  NewIncident req;
  req.name = "API down";
  req.impact = Impact::kMajor;
  req.component_statuses = {{"api", ComponentStatus::kMajorOutage}};
  auto opened = service_->open(req, "test");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->impact, Impact::kMajor) << "the person's impact wins";
  EXPECT_EQ(status_of("api"), ComponentStatus::kMajorOutage);

  clock_.advance(10min);
  UpdateRequest update;
  update.status = IncidentStatus::kIdentified;
  update.body = "Found it";
  update.component_statuses = {{"api", ComponentStatus::kPartialOutage}};
  auto updated = service_->post_update(opened->id, update, "test");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(status_of("api"), ComponentStatus::kPartialOutage);
  EXPECT_EQ(updated->updates.back().component_changes[0].old_status, ComponentStatus::kMajorOutage);

  clock_.advance(50min);
  auto resolved = service_->resolve(opened->id, "", "test", "test");
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->status, IncidentStatus::kResolved);
  EXPECT_EQ(resolved->duration(), std::chrono::seconds(3600));
  EXPECT_EQ(resolved->updates.back().body, "This incident has been resolved.");
  EXPECT_EQ(status_of("api"), ComponentStatus::kOperational);
  EXPECT_EQ((*store_->find_component("api"))->status_source, StatusSource::kAutomatic);
  EXPECT_EQ((*store_->find_incident(opened->id))->updates.size(), 3u);
}

TEST_F(IncidentServiceTest, ReopenKeepsTheSameIncident) {
  NewIncident req;
  req.name = "API down";
  auto opened = service_->open(req, "test");
  ASSERT_TRUE(service_->resolve(opened->id, "fixed", "t", "test").ok());
  UpdateRequest again;
  again.status = IncidentStatus::kInvestigating;
  again.body = "Unfortunately, the API outage has reoccurred.";
  auto reopened = service_->post_update(opened->id, again, "test");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->reopen_count, 1);
  IncidentQuery q;
  EXPECT_EQ(store_->list_incidents(q)->size(), 1u);
}

TEST_F(IncidentServiceTest, HumanUpdateTakesOverAnAutomaticIncident) {
  NewIncident req;
  req.name = "API failing checks";
  req.source = IncidentSource::kAutomatic;
  auto opened = service_->open(req, "test");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->controller, Controller::kAutomation);
  auto updated = service_->post_update(opened->id, upd(std::nullopt, "We are on it."), "test");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ((*store_->find_incident(opened->id))->controller, Controller::kHuman);
}

TEST_F(IncidentServiceTest, ErrorsNameTheProblem) {
  EXPECT_EQ(service_->post_update("nope", upd(std::nullopt, "x"), "test").error().code,
            ErrorCode::kNotFound);
  NewIncident req;
  req.name = "x";
  req.component_statuses = {{"ghost", ComponentStatus::kMajorOutage}};
  auto r = service_->open(req, "test");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ghost"), std::string::npos);
  EXPECT_TRUE(store_->list_incidents({})->empty()) << "nothing half-written";
  EXPECT_EQ(
      service_->set_component_status("ghost", ComponentStatus::kMajorOutage, "test").error().code,
      ErrorCode::kNotFound);
}

TEST_F(IncidentServiceTest, ComponentStatusByHandAndBack) {
  auto set = service_->set_component_status("db", ComponentStatus::kUnderMaintenance, "test");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->status_source, StatusSource::kManual);
  auto back = service_->set_component_status("db", std::nullopt, "test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status_source, StatusSource::kAutomatic);
  EXPECT_EQ(back->status, ComponentStatus::kOperational)
      << "no monitor would ever move it again: back to operational, not stranded";
}

TEST_F(IncidentServiceTest, HandBackTakesTheMonitorsStatusOrOperational) {
  // api is watched and its monitors (known live, as in serve) say degraded; db has none.
  std::optional<ComponentStatus> live = ComponentStatus::kDegradedPerformance;
  service_->set_automatic_status([&](const std::string& id) {
    return IncidentService::AutomaticStatus{id == "api", id == "api" ? live : std::nullopt};
  });
  for (const char* id : {"api", "db"}) {
    ASSERT_TRUE(service_->set_component_status(id, ComponentStatus::kPartialOutage, "test").ok());
  }
  auto api = service_->hand_back_component("api", "test");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->component.status, ComponentStatus::kDegradedPerformance) << "at once";
  EXPECT_EQ(api->note, "its monitors say degraded_performance");
  auto db = service_->hand_back_component("db", "test");
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->component.status, ComponentStatus::kOperational);
  EXPECT_EQ(db->note, "no monitors watch it: back to operational");
  // The CLI knows which components are watched but not their live status: unchanged until the
  // server's automation applies it.
  live.reset();
  ASSERT_TRUE(service_->set_component_status("api", ComponentStatus::kMajorOutage, "test").ok());
  auto cli = service_->hand_back_component("api", "test");
  ASSERT_TRUE(cli.ok());
  EXPECT_EQ(cli->component.status, ComponentStatus::kMajorOutage);
  EXPECT_EQ(cli->component.status_source, StatusSource::kAutomatic);
  EXPECT_EQ(service_->hand_back_component("ghost", "test").error().code, ErrorCode::kNotFound);
}

TEST_F(IncidentServiceTest, ResolvingOneIncidentKeepsWhatAnotherStillHoldsDown) {
  NewIncident first;
  first.name = "API down";
  first.component_statuses = {{"api", ComponentStatus::kMajorOutage}};
  auto a = service_->open(first, "test");
  ASSERT_TRUE(a.ok());
  NewIncident second;
  second.name = "API slow for EU";
  second.component_statuses = {{"api", ComponentStatus::kDegradedPerformance},
                               {"db", ComponentStatus::kPartialOutage}};
  auto b = service_->open(second, "test");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(service_->resolve(a->id, "", "ada", "test").ok());
  EXPECT_EQ(status_of("api"), ComponentStatus::kDegradedPerformance)
      << "the other open incident still says degraded";
  EXPECT_EQ((*store_->find_component("api"))->status_source, StatusSource::kManual);
  ASSERT_TRUE(service_->resolve(b->id, "", "ada", "test").ok());
  EXPECT_EQ(status_of("api"), ComponentStatus::kOperational);
  EXPECT_EQ(status_of("db"), ComponentStatus::kOperational);
}

IncidentService::Reschedule window(Instant from, Instant until) {
  return {
      .scheduled_for = from, .scheduled_until = until, .body = "", .author = "ada", .notify = true};
}

NewIncident maintenance_request(Instant from, Instant until) {
  NewIncident m;
  m.kind = IncidentKind::kMaintenance;
  m.name = "Database upgrade";
  m.body = "Upgrading";
  m.scheduled_for = from;
  m.scheduled_until = until;
  m.component_ids = {"db"};
  return m;
}

TEST_F(IncidentServiceTest, AMaintenanceWindowAlreadyOverIsRefused) {
  Instant now = clock_.now();
  auto past = service_->open(maintenance_request(now - 3h, now - 1h), "test");
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(past.error().field, "scheduled_until");
  EXPECT_TRUE(store_->list_incidents({})->empty()) << "nothing stored, nobody notified";
  EXPECT_TRUE(service_->open(maintenance_request(now - 1h, now + 1h), "test").ok())
      << "a window under way may still be announced";
}

TEST_F(IncidentServiceTest, RescheduleMovesTheWindowAndCancelCompletesIt) {
  Instant now = clock_.now();
  auto m = service_->open(maintenance_request(now + 2h, now + 3h), "test");
  ASSERT_TRUE(m.ok());
  auto moved = service_->reschedule(m->id, window(now + 5h, now + 6h), "test");
  ASSERT_TRUE(moved.ok()) << moved.error().describe();
  EXPECT_EQ(*moved->scheduled_for, now + 5h);
  EXPECT_EQ(moved->started_at, now + 5h);
  EXPECT_EQ(moved->status, IncidentStatus::kScheduled);
  ASSERT_EQ(moved->updates.size(), 2u) << "one update: subscribers told once";
  EXPECT_TRUE(moved->updates.back().deliver_notifications);
  auto into_past = service_->reschedule(m->id, window(now - 2h, now - 1h), "test");
  ASSERT_FALSE(into_past.ok());
  EXPECT_EQ(into_past.error().field, "scheduled_until");
  auto backwards = service_->reschedule(m->id, window(now + 6h, now + 5h), "test");
  EXPECT_EQ(backwards.error().field, "scheduled_until");

  auto cancelled = service_->cancel_maintenance(m->id, "", "ada", "test");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().describe();
  EXPECT_EQ(cancelled->status, IncidentStatus::kCompleted);
  EXPECT_EQ(cancelled->updates.back().body, "This scheduled maintenance has been cancelled.");
  EXPECT_EQ(*cancelled->scheduled_for, now + 5h) << "the planned window stays on record";
  EXPECT_LT(*cancelled->resolved_at, *cancelled->scheduled_for);
  EXPECT_EQ(service_->cancel_maintenance(m->id, "", "ada", "test").error().code,
            ErrorCode::kConflict);
}

TEST_F(IncidentServiceTest, AStartedWindowOnlyMovesItsEnd) {
  Instant now = clock_.now();
  auto m = service_->open(maintenance_request(now + 1h, now + 2h), "test");
  ASSERT_TRUE(m.ok());
  clock_.advance(90min);
  ASSERT_TRUE(
      service_->post_update(m->id, upd(IncidentStatus::kInProgress, "Started"), "test").ok());
  auto later = service_->reschedule(m->id, window(now + 1h, now + 4h), "test");
  ASSERT_TRUE(later.ok()) << later.error().describe();
  EXPECT_EQ(*later->scheduled_until, now + 4h);
  auto moved = service_->reschedule(m->id, window(now + 3h, now + 4h), "test");
  EXPECT_EQ(moved.error().code, ErrorCode::kConflict);
  EXPECT_EQ(moved.error().field, "scheduled_for");
  EXPECT_EQ(service_->cancel_maintenance(m->id, "", "ada", "test").error().code,
            ErrorCode::kConflict);
}

}  // namespace
}  // namespace pharos
