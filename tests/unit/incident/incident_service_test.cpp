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
}

}  // namespace
}  // namespace pharos
