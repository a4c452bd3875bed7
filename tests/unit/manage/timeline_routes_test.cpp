// Editing a timeline entry through the management API (Statuspage's "edit incident update"):
// body and display time only, nobody notified, write scope, named fields, audited.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "storage/notify_store.h"

namespace pharos::manage {
namespace {

using web::Method;

class TimelineApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    id_ = open_incident();
    clock_.advance(std::chrono::minutes(10));
    auto r = as(Role::kResponder, Method::kPatch, "/incidents/" + id_,
                R"({"incident":{"status":"identified","body":"Found a bda deploy"}})");
    ASSERT_EQ(r.status, 200u) << r.body_view();
    first_ = std::string(parse(r).at("incident_updates").at(1).at("id").as_string());
    second_ = std::string(parse(r).at("incident_updates").at(0).at("id").as_string());
    clock_.advance(std::chrono::minutes(10));
  }
  std::string path(const std::string& update) {
    return "/incidents/" + id_ + "/incident_updates/" + update;
  }
  std::size_t events() {
    auto notify = open_notify_store(db_.url());
    return (*notify)->unfanned_events(1000)->size();
  }
  std::string id_, first_, second_;
};

TEST_F(TimelineApiTest, CorrectsTheBodyWithoutNotifyingAnyone) {
  std::size_t before_events = events();
  auto r = as(Role::kResponder, Method::kPatch, path(second_),
              R"({"incident_update":{"body":"Found a bad deploy"}})");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  auto v = parse(r);
  const auto& update = v.at("incident_updates").at(0);
  EXPECT_EQ(update.at("id").as_string(), second_);
  EXPECT_EQ(update.at("body"), "Found a bad deploy");
  EXPECT_EQ(update.at("status"), "identified");
  EXPECT_EQ(update.at("updated_at").as_string(), format_iso_utc(clock_.now()));
  EXPECT_NE(update.at("created_at"), update.at("updated_at"));
  EXPECT_EQ(events(), before_events);
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "incident_update.update");
  EXPECT_EQ(entry.target, id_ + "/" + second_);
  EXPECT_NE(entry.before.find("bda deploy"), std::string::npos);
  EXPECT_NE(entry.after.find("bad deploy"), std::string::npos);
}

TEST_F(TimelineApiTest, BackDatingReordersTheTimeline) {
  // Move the second entry before the first: the view (newest first) swaps them.
  std::string earlier = format_iso_utc(clock_.now() - std::chrono::minutes(30));
  auto r = as(Role::kResponder, Method::kPatch, path(second_),
              R"({"incident_update":{"display_at":")" + earlier + "\"}}");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("incident_updates").at(1).at("id").as_string(), second_);
  EXPECT_EQ(v.at("incident_updates").at(1).at("display_at").as_string(), earlier);
  EXPECT_EQ(v.at("incident_updates").at(0).at("id").as_string(), first_);
  EXPECT_EQ(v.at("status"), "identified");  // the status is not the timeline's to change
  auto stored = *store_->find_incident(id_);
  EXPECT_EQ((*stored).updates.front().id, second_);
}

TEST_F(TimelineApiTest, ViewersCannotEdit) {
  std::size_t audited = audit_count();
  auto r = as(Role::kViewer, Method::kPatch, path(second_),
              R"({"incident_update":{"body":"hijacked"}})");
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ((*store_->find_incident(id_))->updates.back().body, "Found a bda deploy");
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(TimelineApiTest, InvalidEditsNameTheFieldAndChangeNothing) {
  std::string future = format_iso_utc(clock_.now() + std::chrono::minutes(1));
  struct Case {
    std::string target;
    std::string body;
    unsigned status;
    const char* field;
  };
  const Case cases[] = {
      {second_, R"({"incident_update":{}})", 400, "incident_update"},
      {second_, R"({"incident_update":{"body":""}})", 400, "incident_update.body"},
      {second_, R"({"incident_update":{"body":false}})", 400, "incident_update.body"},
      {second_, R"({"incident_update":{"status":"resolved"}})", 400, "incident_update.status"},
      {second_, R"({"incident_update":{"display_at":"yesterday"}})", 400,
       "incident_update.display_at"},
      {second_, R"({"incident_update":{"display_at":")" + future + "\"}}", 400,
       "incident_update.display_at"},
      {second_, R"({"update":{"body":"x"}})", 400, "update"},
      {"nosuch", R"({"incident_update":{"body":"x"}})", 404, "update_id"},
  };
  std::size_t audited = audit_count();
  auto version = (*store_->find_incident(id_))->version;
  for (const auto& c : cases) {
    auto r = as(Role::kResponder, Method::kPatch, path(c.target), c.body);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_EQ(error_field(r), c.field) << c.body;
  }
  auto r = as(Role::kResponder, Method::kPatch, "/incidents/nosuch/incident_updates/" + second_,
              R"({"incident_update":{"body":"x"}})");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_field(r), "id");
  EXPECT_EQ((*store_->find_incident(id_))->version, version);
  EXPECT_EQ(audit_count(), audited);
}

}  // namespace
}  // namespace pharos::manage
