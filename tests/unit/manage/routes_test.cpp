// The management API in-process: authentication, scopes and roles, validation with field names,
// nothing partial stored, and one audit entry per change.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

using web::Method;

constexpr const char* kCreate =
    R"({"incident":{"name":"Login slow","status":"identified","impact_override":"minor",)"
    R"("body":"We found it","components":{"web":"degraded_performance"},"component_ids":["api"],)"
    R"("deliver_notifications":false}})";

TEST_F(ApiTest, EveryRouteButTheDocumentNeedsAToken) {
  for (const auto& [method, pattern] : router_.routes()) {
    std::string path = pattern.substr(kApiPrefix.size());
    if (path == "/openapi.json") continue;
    if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, "x");
    for (const std::string& token : {std::string(), std::string("phr_wrong")}) {
      auto r = call(method, path, token, "{}");
      EXPECT_EQ(r.status, 401u) << pattern;
      EXPECT_NE(r.headers.find("WWW-Authenticate: Bearer"), std::string::npos) << pattern;
      EXPECT_EQ(parse(r).at("error").at("code"), "unauthenticated");
    }
  }
  EXPECT_EQ(call(Method::kGet, "/openapi.json", "").status, 200u);
}

TEST_F(ApiTest, ViewersReadButCannotChangeAnything) {
  EXPECT_EQ(as(Role::kViewer, Method::kGet, "/components").status, 200u);
  EXPECT_EQ(as(Role::kViewer, Method::kGet, "/incidents").status, 200u);
  auto r = as(Role::kViewer, Method::kPost, "/incidents", kCreate);
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(parse(r).at("error").at("code"), "permission_denied");
  EXPECT_EQ(as(Role::kViewer, Method::kPatch, "/components/api",
               R"({"component":{"status":"major_outage"}})")
                .status,
            403u);
  EXPECT_TRUE(store_->list_incidents({})->empty());
  EXPECT_EQ((*store_->find_component("api"))->status, ComponentStatus::kOperational);
  EXPECT_EQ(audit_count(), 6u);  // only the fixture's users and tokens
}

TEST_F(ApiTest, ATokensScopeLimitsEvenAnAdmin) {
  auth::AuthService auth(*auth_store_, clock_);
  auto read_only = auth.create_token({"ada", "", {Scope::kRead}, std::nullopt}, "test");
  ASSERT_TRUE(read_only.ok());
  EXPECT_EQ(call(Method::kGet, "/incidents", read_only->secret).status, 200u);
  EXPECT_EQ(call(Method::kPost, "/incidents", read_only->secret, kCreate).status, 403u);
  EXPECT_EQ(as(Role::kResponder, Method::kGet, "/audit").status, 403u);
  EXPECT_EQ(as(Role::kAdmin, Method::kGet, "/audit").status, 200u);
}

TEST_F(ApiTest, CreatesAnIncidentWithStatuspageFields) {
  auto r = as(Role::kResponder, Method::kPost, "/incidents", kCreate);
  ASSERT_EQ(r.status, 201u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("name"), "Login slow");
  EXPECT_EQ(v.at("status"), "identified");
  EXPECT_EQ(v.at("impact_override"), "minor");
  const auto& update = v.at("incident_updates").at(0);
  EXPECT_EQ(update.at("body"), "We found it");
  EXPECT_EQ(update.at("author"), "rob");
  EXPECT_EQ(update.at("deliver_notifications"), false);
  EXPECT_EQ((*store_->find_component("web"))->status, ComponentStatus::kDegradedPerformance);
  auto log = auth_store_->list_audit(1, 0);
  EXPECT_EQ((*log)[0].action, "incident.create");
  EXPECT_EQ((*log)[0].actor, "user:rob");
  EXPECT_EQ((*log)[0].target, std::string(v.at("id").as_string()));
  EXPECT_EQ((*log)[0].before, "");
  EXPECT_NE((*log)[0].after.find("Login slow"), std::string::npos);
}

TEST_F(ApiTest, InvalidFieldsAreNamedAndNothingIsStored) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const auto& c : std::vector<Case>{
           {"not json", "body"},
           {R"([])", "body"},
           {R"({"incident":{"name":"x"},"extra":1})", "extra"},
           {R"({"incident":{}})", "incident.name"},
           {R"({"incident":{"name":"   "}})", "incident.name"},
           {R"({"incident":{"name":7}})", "incident.name"},
           {R"({"incident":{"name":"x","status":"broken"}})", "incident.status"},
           {R"({"incident":{"name":"x","impact_override":"huge"}})", "incident.impact_override"},
           {R"({"incident":{"name":"x","components":{"api":"down"}}})", "incident.components.api"},
           {R"({"incident":{"name":"x","components":["api"]}})", "incident.components"},
           {R"({"incident":{"name":"x","component_ids":"api"}})", "incident.component_ids"},
           {R"({"incident":{"name":"x","deliver_notifications":"yes"}})",
            "incident.deliver_notifications"},
           {R"({"incident":{"name":"x","scheduled_for":"2030-01-01T00:00:00Z"}})",
            "incident.scheduled_for"},
           {R"({"incident":{"name":"x","colour":"red"}})", "incident.colour"},
       }) {
    auto r = as(Role::kResponder, Method::kPost, "/incidents", c.body);
    EXPECT_EQ(r.status, 400u) << c.body;
    EXPECT_EQ(error_field(r), c.field) << c.body;
  }
  std::string long_name(256, 'n');
  auto r = as(Role::kResponder, Method::kPost, "/incidents",
              R"({"incident":{"name":")" + long_name + R"("}})");
  EXPECT_EQ(error_field(r), "incident.name");
  // A component that does not exist: refused by the service, the other change not applied.
  r = as(Role::kResponder, Method::kPost, "/incidents",
         R"({"incident":{"name":"x","components":{"web":"major_outage","ghost":"major_outage"}}})");
  EXPECT_EQ(r.status, 400u) << r.body_view();
  EXPECT_EQ((*store_->find_component("web"))->status, ComponentStatus::kOperational);
  EXPECT_TRUE(store_->list_incidents({})->empty());
  EXPECT_EQ(audit_count(), 6u);
}

TEST_F(ApiTest, UpdateResolveReopenAndDeleteAreEachAudited) {
  std::string id = open_incident();
  auto r = as(
      Role::kResponder, Method::kPatch, "/incidents/" + id,
      R"({"incident":{"status":"monitoring","body":"Fix deployed","components":{"api":"degraded_performance"}}})");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_EQ(parse(r).at("status"), "monitoring");
  EXPECT_EQ(parse(r).at("incident_updates").at(0).at("body"), "Fix deployed");
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/reopen", "");
  EXPECT_EQ(r.status, 409u);  // not resolved yet
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/resolve",
         R"({"incident":{"body":"All good"}})");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_EQ(parse(r).at("status"), "resolved");
  EXPECT_EQ((*store_->find_component("api"))->status, ComponentStatus::kOperational);
  r = as(Role::kResponder, Method::kPost, "/incidents/" + id + "/reopen", "");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_EQ(parse(r).at("status"), "investigating");
  EXPECT_EQ(parse(r).at("reopen_count"), 1);
  r = as(Role::kResponder, Method::kDelete, "/incidents/" + id);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(as(Role::kResponder, Method::kGet, "/incidents/" + id).status, 404u);
  auto log = *auth_store_->list_audit(5, 0);
  std::vector<std::string> actions;
  for (const auto& e : log) actions.push_back(e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"incident.delete", "incident.reopen", "incident.resolve",
                                      "incident.update", "incident.create"}));
  EXPECT_EQ(log[0].after, "");
  EXPECT_NE(log[0].before.find("\"investigating\""), std::string::npos);
  EXPECT_NE(log[3].before.find("\"investigating\""), std::string::npos);
  EXPECT_NE(log[3].after.find("\"monitoring\""), std::string::npos);
}

TEST_F(ApiTest, UpdatesAreValidatedAndIllegalTransitionsConflict) {
  std::string id = open_incident();
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPatch, "/incidents/" + id,
                           R"({"incident":{"name":"renamed"}})")),
            "incident.name");
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPatch, "/incidents/" + id,
                           R"({"incident":{"status":"scheduled"}})")),
            "incident.status");
  EXPECT_EQ(as(Role::kResponder, Method::kPatch, "/incidents/nope", R"({"incident":{"body":"x"}})")
                .status,
            404u);
  EXPECT_EQ(as(Role::kResponder, Method::kPatch, "/incidents/" + id, R"({"incident":{"body":"x"}})")
                .status,
            200u);
}

TEST_F(ApiTest, ComponentsCanBeSetAndHandedBackToAutomation) {
  auto r = as(Role::kResponder, Method::kPatch, "/components/api",
              R"({"component":{"status":"partial_outage"}})");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_EQ(parse(r).at("status"), "partial_outage");
  EXPECT_EQ(parse(r).at("automatic"), false);
  r = as(Role::kResponder, Method::kPatch, "/components/api", R"({"component":{"status":"auto"}})");
  EXPECT_EQ(parse(r).at("automatic"), true);
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPatch, "/components/api",
                           R"({"component":{"status":"down"}})")),
            "component.status");
  EXPECT_EQ(as(Role::kResponder, Method::kPatch, "/components/ghost",
               R"({"component":{"status":"major_outage"}})")
                .status,
            404u);
  auto list = parse(as(Role::kViewer, Method::kGet, "/components"));
  ASSERT_EQ(list.as_array().size(), 2u);
  EXPECT_EQ(list.at(0).at("id"), "api");
  EXPECT_EQ((*auth_store_->list_audit(1, 0))[0].action, "component.update");
}

TEST_F(ApiTest, IncidentsArePaginated) {
  for (int i = 0; i < 3; ++i) {
    open_incident();
    clock_.advance(std::chrono::minutes(1));
  }
  EXPECT_EQ(parse(as(Role::kViewer, Method::kGet, "/incidents?per_page=2")).as_array().size(), 2u);
  EXPECT_EQ(
      parse(as(Role::kViewer, Method::kGet, "/incidents?per_page=2&page=2")).as_array().size(), 1u);
  EXPECT_EQ(parse(as(Role::kViewer, Method::kGet, "/incidents?page=9")).as_array().size(), 0u);
  for (const char* bad : {"?page=0", "?page=x", "?per_page=101", "?per_page=-1", "?page=1e3"}) {
    auto r = as(Role::kViewer, Method::kGet, std::string("/incidents") + bad);
    EXPECT_EQ(r.status, 400u) << bad;
  }
  EXPECT_EQ(error_field(as(Role::kViewer, Method::kGet, "/incidents?per_page=500")), "per_page");
}

TEST_F(ApiTest, SchedulesAMaintenanceWithItsWindow) {
  auto r = as(Role::kResponder, Method::kPost, "/maintenances",
              R"({"incident":{"name":"DB upgrade","scheduled_for":"2030-01-01T10:00:00Z",)"
              R"("scheduled_until":"2030-01-01T11:00:00Z","component_ids":["api"]}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("kind"), "maintenance");
  EXPECT_EQ(parse(r).at("status"), "scheduled");
  EXPECT_EQ(parse(r).at("scheduled_until"), "2030-01-01T11:00:00Z");
  EXPECT_EQ((*auth_store_->list_audit(1, 0))[0].action, "maintenance.create");
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPost, "/maintenances",
                           R"({"incident":{"name":"x","scheduled_for":"2030-01-01T10:00:00Z"}})")),
            "incident.scheduled_until");
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPost, "/maintenances",
                           R"({"incident":{"name":"x","scheduled_for":"2030-01-01T10:00:00Z",)"
                           R"("scheduled_until":"2030-01-01T09:00:00Z"}})")),
            "incident.scheduled_until");
  EXPECT_EQ(error_field(as(Role::kResponder, Method::kPost, "/maintenances",
                           R"({"incident":{"name":"x","scheduled_for":"soon",)"
                           R"("scheduled_until":"2030-01-01T09:00:00Z"}})")),
            "incident.scheduled_for");
}

TEST_F(ApiTest, HostileTextIsStoredAsTextAndReturnedAsJson) {
  auto r = as(Role::kResponder, Method::kPost, "/incidents",
              R"({"incident":{"name":"<script>alert(1)</script>\"","body":"\u0000x"}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("name"), "<script>alert(1)</script>\"");
  EXPECT_NE(r.headers.find("Cache-Control: no-store"), std::string::npos);
}

}  // namespace
}  // namespace pharos::manage

namespace pharos::manage {
namespace {

using web::Method;

TEST_F(ApiTest, OnlyAdminsManageUsersAndTokens) {
  const char* body =
      R"({"user":{"name":"newbie","role":"responder","password":"a long enough password"}})";
  EXPECT_EQ(as(Role::kResponder, Method::kPost, "/users", body).status, 403u);
  EXPECT_EQ(as(Role::kResponder, Method::kGet, "/tokens").status, 403u);
  auto r = as(Role::kAdmin, Method::kPost, "/users", body);
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("role"), "responder");
  EXPECT_EQ(r.body_view().find("argon2"), std::string_view::npos);
  EXPECT_EQ(as(Role::kAdmin, Method::kPost, "/users", body).status, 409u);
  EXPECT_EQ(parse(as(Role::kAdmin, Method::kGet, "/users")).as_array().size(), 4u);
  auto log = *auth_store_->list_audit(1, 0);
  EXPECT_EQ(log[0].action, "user.add");
  EXPECT_EQ(log[0].actor, "user:ada");
}

TEST_F(ApiTest, UserAndTokenBodiesNameTheirFields) {
  struct Case {
    const char* path;
    const char* body;
    const char* field;
  };
  for (const auto& c : std::vector<Case>{
           {"/users", R"({"user":{"name":"Bad Name","password":"a long enough password"}})",
            "user.name"},
           {"/users", R"({"user":{"name":"ok","password":"short"}})", "user.password"},
           {"/users", R"({"user":{"name":"ok","role":"root","password":"a long enough password"}})",
            "user.role"},
           {"/users", R"({"user":{"name":"ok","password":"a long enough password","admin":true}})",
            "user.admin"},
           {"/tokens", R"({"token":{"scopes":["read"]}})", "token.user"},
           {"/tokens", R"({"token":{"user":"rob","scopes":[]}})", "token.scopes"},
           {"/tokens", R"({"token":{"user":"rob","scopes":["root"]}})", "token.scopes"},
           {"/tokens",
            R"({"token":{"user":"rob","scopes":["read"],"expires_at":"2001-01-01T00:00:00Z"}})",
            "token.expires_at"},
           {"/tokens", R"({"token":{"user":"ghost","scopes":["read"]}})", "token.user"},
       }) {
    auto r = as(Role::kAdmin, Method::kPost, c.path, c.body);
    EXPECT_GE(r.status, 400u) << c.body;
    EXPECT_EQ(error_field(r), c.field) << c.body;
  }
  EXPECT_EQ(audit_count(), 6u);
}

// Issue 20: users and tokens limited to pages through the API ("main": the main page, the only
// page without `pages:` configured); a user limited to pages may not use this API.
TEST_F(ApiTest, UsersAndTokensMayBeLimitedToPages) {
  auto r = as(Role::kAdmin, Method::kPost, "/users",
              R"({"user":{"name":"pia","password":"a long enough password","pages":["main"]}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("pages").as_array().size(), 1u);
  EXPECT_EQ(parse(r).at("pages").as_array()[0], "");
  for (
      const char* body : {
          R"({"user":{"name":"pat","password":"a long enough password","pages":["nope"]}})",
          R"({"user":{"name":"pat","password":"a long enough password","pages":"main"}})",
          R"({"user":{"name":"pat","role":"admin","password":"a long enough password","pages":["main"]}})",
      }) {
    auto bad = as(Role::kAdmin, Method::kPost, "/users", body);
    EXPECT_EQ(bad.status, 400u) << body;
    EXPECT_EQ(error_field(bad), "user.pages") << body;
  }
  auto token = as(Role::kAdmin, Method::kPost, "/tokens",
                  R"({"token":{"user":"rob","scopes":["read"],"pages":["main"]}})");
  ASSERT_EQ(token.status, 201u) << token.body_view();
  EXPECT_EQ(parse(token).at("pages").as_array()[0], "");
  auto unknown = as(Role::kAdmin, Method::kPost, "/tokens",
                    R"({"token":{"user":"rob","scopes":["read"],"pages":["nope"]}})");
  EXPECT_EQ(error_field(unknown), "token.pages");

  auto reader =
      as(Role::kAdmin, Method::kPost, "/tokens", R"({"token":{"user":"pia","scopes":["read"]}})");
  ASSERT_EQ(reader.status, 201u) << reader.body_view();
  std::string secret(parse(reader).at("token").as_string());
  EXPECT_EQ(call(Method::kGet, "/incidents", secret).status, 403u);
}

TEST_F(ApiTest, ATokenMadeByTheApiWorksOnceShownAndStopsWhenRevoked) {
  auto r =
      as(Role::kAdmin, Method::kPost, "/tokens",
         R"({"token":{"user":"rob","label":"deploy bot","scopes":["write"],"expires_at":"7d"}})");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  std::string secret(parse(r).at("token").as_string());
  std::string id(parse(r).at("id").as_string());
  EXPECT_EQ(call(Method::kGet, "/incidents", secret).status, 200u);
  auto listed = as(Role::kAdmin, Method::kGet, "/tokens?user=rob");
  EXPECT_EQ(listed.body_view().find(secret), std::string_view::npos);
  EXPECT_EQ(parse(listed).as_array().size(), 2u);
  EXPECT_EQ(as(Role::kAdmin, Method::kDelete, "/tokens/" + id).status, 200u);
  EXPECT_EQ(call(Method::kGet, "/incidents", secret).status, 401u);
  EXPECT_EQ(as(Role::kAdmin, Method::kDelete, "/tokens/nope").status, 404u);
  EXPECT_EQ(as(Role::kAdmin, Method::kDelete, "/users/rob").status, 200u);
  EXPECT_EQ(as(Role::kResponder, Method::kGet, "/incidents").status, 401u);  // rob's token died
  EXPECT_EQ(as(Role::kAdmin, Method::kDelete, "/users/ada").status, 409u);   // the last admin
}

}  // namespace
}  // namespace pharos::manage
