// Backfilling a past incident through POST /incidents with "backfilled": true: resolved, at the
// given times, nobody notified, component statuses untouched, fields named, audited.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "storage/notify_store.h"

namespace pharos::manage {
namespace {

using web::Method;

class BackfillApiTest : public ApiTest {
 protected:
  std::string ago(int minutes) {
    return format_iso_utc(clock_.now() - std::chrono::minutes(minutes));
  }
  std::size_t events() {
    auto notify = open_notify_store(db_.url());
    return (*notify)->unfanned_events(1000)->size();
  }
};

TEST_F(BackfillApiTest, StatuspageShapeMakesOneResolvedUpdateAtTheDate) {
  std::size_t before = events();
  auto r = as(Role::kResponder, Method::kPost, "/incidents",
              R"({"incident":{"name":"Old outage","backfilled":true,"backfill_date":")" + ago(600) +
                  R"(","body":"It broke and we fixed it","component_ids":["api"]}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("status"), "resolved");
  EXPECT_EQ(v.at("started_at").as_string(), ago(600));
  EXPECT_EQ(v.at("resolved_at").as_string(), ago(600));
  ASSERT_EQ(v.at("incident_updates").as_array().size(), 1u);
  EXPECT_EQ(v.at("incident_updates").at(0).at("deliver_notifications"), false);
  EXPECT_EQ(v.at("incident_updates").at(0).at("author"), "rob");
  EXPECT_EQ(v.at("component_ids").at(0), "api");
  EXPECT_EQ(events(), before);
  EXPECT_EQ((*store_->find_component("api"))->status, ComponentStatus::kOperational);
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "incident.backfill");
  EXPECT_EQ(entry.before, "");
  EXPECT_NE(entry.after.find("Old outage"), std::string::npos);
}

TEST_F(BackfillApiTest, AWholeTimelineKeepsItsTimes) {
  auto r =
      as(Role::kResponder, Method::kPost, "/incidents",
         R"({"incident":{"name":"Login outage","backfilled":true,"backfill_date":")" + ago(300) +
             R"(","impact_override":"major","incident_updates":[)" +
             R"({"status":"investigating","body":"Logins fail","display_at":")" + ago(290) +
             R"("},{"status":"monitoring","body":"Fix out","display_at":")" + ago(250) +
             R"("},{"status":"resolved","body":"All good","display_at":")" + ago(200) + R"("}]}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("impact_override"), "major");
  EXPECT_EQ(v.at("started_at").as_string(), ago(300));
  EXPECT_EQ(v.at("monitoring_at").as_string(), ago(250));
  EXPECT_EQ(v.at("resolved_at").as_string(), ago(200));
  const auto& updates = v.at("incident_updates").as_array();  // newest first
  ASSERT_EQ(updates.size(), 3u);
  EXPECT_EQ(updates[0].at("body"), "All good");
  EXPECT_EQ(updates[2].at("display_at").as_string(), ago(290));
  for (const auto& u : updates) EXPECT_EQ(u.at("deliver_notifications"), false);
  auto listed = store_->list_incidents({});
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].updates.size(), 3u);
}

TEST_F(BackfillApiTest, ViewersCannotBackfill) {
  std::size_t audited = audit_count();
  auto r = as(Role::kViewer, Method::kPost, "/incidents",
              R"({"incident":{"name":"x","backfilled":true,"backfill_date":")" + ago(60) + "\"}}");
  EXPECT_EQ(r.status, 403u);
  EXPECT_TRUE(store_->list_incidents({})->empty());
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(BackfillApiTest, InvalidBackfillsNameTheFieldAndStoreNothing) {
  std::string date = ago(100);
  auto with = [&](const std::string& extra) {
    return R"({"incident":{"name":"Old","backfilled":true,"backfill_date":")" + date + "\"" +
           extra + "}}";
  };
  auto update = [&](const char* status, const std::string& at) {
    return std::string(R"({"status":")") + status + R"(","display_at":")" + at + "\"}";
  };
  struct Case {
    std::string body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"incident":{"name":"Old","backfilled":true}})", "incident.backfill_date"},
      {R"({"incident":{"name":"Old","backfilled":"yes","backfill_date":")" + date + "\"}}",
       "incident.backfilled"},
      {R"({"incident":{"backfilled":true,"backfill_date":")" + date + "\"}}", "incident.name"},
      {with(R"(,"backfill_date":"soon")"), "incident.backfill_date"},
      {R"({"incident":{"name":"Old","backfilled":true,"backfill_date":")" + ago(-10) + "\"}}",
       "incident.backfill_date"},
      {with(R"(,"components":{"api":"major_outage"})"), "incident.components"},
      {with(R"(,"status":"resolved")"), "incident.status"},
      {with(R"(,"deliver_notifications":true)"), "incident.deliver_notifications"},
      {with(R"(,"component_ids":["nosuch"])"), "incident.component_ids"},
      {with(R"(,"body":"x","incident_updates":[)" + update("resolved", ago(50)) + "]"),
       "incident.body"},
      {with(R"(,"incident_updates":[])"), "incident.incident_updates"},
      {with(R"(,"incident_updates":[{"status":"resolved"}])"),
       "incident.incident_updates.0.display_at"},
      {with(R"(,"incident_updates":[{"status":"fixed","display_at":")" + ago(50) + "\"}]"),
       "incident.incident_updates.0.status"},
      {with(R"(,"incident_updates":[)" + update("investigating", ago(50)) + "]"),
       "incident.incident_updates"},  // does not end resolved
      {with(R"(,"incident_updates":[)" + update("resolved", ago(150)) + "]"),
       "incident.incident_updates"},  // before backfill_date
      {with(R"(,"incident_updates":[)" + update("investigating", ago(40)) + "," +
            update("resolved", ago(60)) + "]"),
       "incident.incident_updates"},  // out of order
      {with(R"(,"incident_updates":[)" + update("scheduled", ago(40)) + "]"),
       "incident.incident_updates"},  // a maintenance status
  };
  std::size_t audited = audit_count();
  for (const auto& c : cases) {
    auto r = as(Role::kResponder, Method::kPost, "/incidents", c.body);
    EXPECT_EQ(r.status, 400u) << c.body;
    EXPECT_EQ(error_field(r), c.field) << c.body << "\n" << r.body_view();
  }
  EXPECT_TRUE(store_->list_incidents({})->empty());
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(BackfillApiTest, BackfilledFalseOpensALiveIncident) {
  auto r =
      as(Role::kResponder, Method::kPost, "/incidents",
         R"({"incident":{"name":"Now","backfilled":false,"components":{"api":"major_outage"}}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("status"), "investigating");
  EXPECT_EQ((*store_->find_component("api"))->status, ComponentStatus::kMajorOutage);
  EXPECT_EQ((*auth_store_->list_audit(1, 0))[0].action, "incident.create");
}

}  // namespace
}  // namespace pharos::manage
