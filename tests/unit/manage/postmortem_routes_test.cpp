// Post-mortems through the management API: draft, publish (quietly or telling subscribers),
// delete; write scope, field names in errors, audit entries with before/after.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "storage/notify_store.h"

namespace pharos::manage {
namespace {

using web::Method;

constexpr const char* kDraft =
    R"({"postmortem":{"body_draft":"## Description\nThe API failed.\n## Root Cause\nA bad deploy."}})";

class PostmortemApiTest : public ApiTest {
 protected:
  // An incident opened and resolved through the API.
  std::string resolved_incident() {
    std::string id = open_incident();
    EXPECT_EQ(as(Role::kResponder, Method::kPost, "/incidents/" + id + "/resolve").status, 200u);
    return id;
  }
  // Outbox events announcing an update of incident `id` (nothing fans them out here).
  std::size_t update_events(const std::string& id) {
    auto notify = open_notify_store(db_.url());
    EXPECT_TRUE(notify.ok());
    auto events = (*notify)->unfanned_events(1000);
    std::size_t n = 0;
    for (const auto& e : *events) n += e.kind == EventKind::kIncidentUpdated && e.incident_id == id;
    return n;
  }
  std::string last_action() { return (*auth_store_->list_audit(1, 0))[0].action; }
};

TEST_F(PostmortemApiTest, DraftIsStoredButNotPublished) {
  std::string id = open_incident();
  auto r = as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft);
  ASSERT_EQ(r.status, 200u) << r.body_view();
  auto v = parse(r);
  EXPECT_NE(std::string(v.at("postmortem_body").as_string()).find("A bad deploy."),
            std::string::npos);
  EXPECT_TRUE(v.at("postmortem_published_at").is_null());
  EXPECT_FALSE(v.at("postmortem_body_last_updated_at").is_null());
  auto stored = (*store_->find_incident(id))->postmortem;
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->published_at.has_value());
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "postmortem.save");
  EXPECT_EQ(entry.actor, "user:rob");
  EXPECT_EQ(entry.target, id);
  EXPECT_NE(entry.before.find("\"postmortem_body\":null"), std::string::npos);
  EXPECT_NE(entry.after.find("A bad deploy."), std::string::npos);
}

TEST_F(PostmortemApiTest, ViewersCannotWriteOrPublish) {
  std::string id = resolved_incident();
  std::size_t audited = audit_count();
  EXPECT_EQ(as(Role::kViewer, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            403u);
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  EXPECT_EQ(as(Role::kViewer, Method::kPost, "/incidents/" + id + "/postmortem/publish").status,
            403u);
  EXPECT_EQ(as(Role::kViewer, Method::kDelete, "/incidents/" + id + "/postmortem").status, 403u);
  auto stored = (*store_->find_incident(id))->postmortem;
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->published_at.has_value());
  EXPECT_EQ(audit_count(), audited + 1);  // the responder's save only
}

TEST_F(PostmortemApiTest, InvalidDraftsNameTheFieldAndStoreNothing) {
  std::string id = open_incident();
  struct Case {
    std::string body;
    unsigned status;
    const char* field;
  };
  const Case cases[] = {
      {"", 400, "body"},
      {R"({"postmortem":{}})", 400, "postmortem.body_draft"},
      {R"({"postmortem":{"body_draft":"   "}})", 400, "postmortem.body_draft"},
      {R"({"postmortem":{"body_draft":7}})", 400, "postmortem.body_draft"},
      {R"({"postmortem":{"body_draft":"x","notify":true}})", 400, "postmortem.notify"},
      {R"({"postmortem":{"body_draft":")" + std::string(kMaxPostmortemLength + 1, 'x') + "\"}}",
       400, "postmortem.body_draft"},
  };
  std::size_t audited = audit_count();
  for (const auto& c : cases) {
    auto r = as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", c.body);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 80);
    EXPECT_EQ(error_field(r), c.field) << c.body.substr(0, 80);
  }
  auto r = as(Role::kResponder, Method::kPut, "/incidents/nosuch/postmortem", kDraft);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_field(r), "id");
  EXPECT_FALSE((*store_->find_incident(id))->postmortem.has_value());
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(PostmortemApiTest, MaintenancesHaveNoPostmortem) {
  auto m = as(Role::kResponder, Method::kPost, "/maintenances",
              R"({"incident":{"name":"DB upgrade","scheduled_for":"2030-01-01T10:00:00Z",)"
              R"("scheduled_until":"2030-01-01T11:00:00Z"}})");
  ASSERT_EQ(m.status, 201u) << m.body_view();
  std::string id(parse(m).at("id").as_string());
  auto r = as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_field(r), "id");
}

TEST_F(PostmortemApiTest, PublishingNeedsADraftAndAResolvedIncident) {
  std::string id = open_incident();
  auto r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_field(r), "postmortem");
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish");
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(error_field(r), "status");
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish",
         R"({"postmortem":{"notify_subscribers":"yes"}})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_field(r), "postmortem.notify_subscribers");
  EXPECT_FALSE((*store_->find_incident(id))->postmortem->published_at.has_value());
}

TEST_F(PostmortemApiTest, QuietPublicationMovesToPostmortemWithoutNotifying) {
  std::string id = resolved_incident();
  std::size_t events = update_events(id);
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  clock_.advance(std::chrono::minutes(5));
  auto r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("status"), "postmortem");
  EXPECT_EQ(v.at("postmortem_published_at").as_string(), format_iso_utc(clock_.now()));
  const auto& latest = v.at("incident_updates").at(0);
  EXPECT_EQ(latest.at("status"), "postmortem");
  EXPECT_EQ(latest.at("deliver_notifications"), false);
  EXPECT_EQ(update_events(id), events);
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "postmortem.publish");
  EXPECT_NE(entry.before.find("\"postmortem_published_at\":null"), std::string::npos);
  EXPECT_EQ(entry.after.find("\"postmortem_published_at\":null"), std::string::npos);
}

TEST_F(PostmortemApiTest, PublicationTellsSubscribersWhenAsked) {
  std::string id = resolved_incident();
  std::size_t events = update_events(id);
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  auto r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish",
              R"({"postmortem":{"notify_subscribers":true}})");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_EQ(parse(r).at("incident_updates").at(0).at("deliver_notifications"), true);
  EXPECT_EQ(update_events(id), events + 1);
  // Republishing quietly after an edit adds no timeline entry and no notification.
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(parse(r).at("incident_updates").as_array().size(), 3u);  // open, resolve, publish
  EXPECT_EQ(update_events(id), events + 1);
}

TEST_F(PostmortemApiTest, DeleteRemovesDraftOrPublishedAndAudits) {
  std::string id = resolved_incident();
  ASSERT_EQ(as(Role::kResponder, Method::kPut, "/incidents/" + id + "/postmortem", kDraft).status,
            200u);
  ASSERT_EQ(as(Role::kResponder, Method::kPost, "/incidents/" + id + "/postmortem/publish").status,
            200u);
  auto r = as(Role::kResponder, Method::kDelete, "/incidents/" + id + "/postmortem");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_TRUE(parse(r).at("postmortem_body").is_null());
  EXPECT_FALSE((*store_->find_incident(id))->postmortem.has_value());
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "postmortem.delete");
  EXPECT_NE(entry.before.find("A bad deploy."), std::string::npos);
  EXPECT_EQ(entry.after.find("A bad deploy."), std::string::npos);
  r = as(Role::kResponder, Method::kDelete, "/incidents/" + id + "/postmortem");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_field(r), "postmortem");
  EXPECT_EQ(last_action(), "postmortem.delete");
}

}  // namespace
}  // namespace pharos::manage
