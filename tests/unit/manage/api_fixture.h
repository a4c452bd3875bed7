#pragma once
// An in-process management API: a real SQLite store with two components (api, web), the
// services, a router with the manage routes, and one token per role.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "auth/auth_service.h"
#include "manage/manage_api.h"
#include "support/store_fixture.h"

namespace pharos::manage {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Page page{"", "Acme", "https://status.acme.example", "Etc/UTC"};
    auto store = db_.open(
        clock_, page, {},
        {testing::component("api", "API", "", 1), testing::component("web", "Website", "", 2)});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    auto auth_store = open_auth_store(db_.url());
    ASSERT_TRUE(auth_store.ok());
    auth_store_ = std::move(*auth_store);
    audit_ = std::make_unique<AuditLog>(*auth_store_, clock_);
    incidents_ = std::make_unique<IncidentService>(*store_, clock_, audit_.get());
    auth::AuthService auth(*auth_store_, clock_);
    for (auto [name, role] : {std::pair{"ada", Role::kAdmin}, std::pair{"rob", Role::kResponder},
                              std::pair{"vic", Role::kViewer}}) {
      ASSERT_TRUE(auth.add_user({name, role, "a long enough password"}, "test").ok());
      auto issued = auth.create_token({name, "", {Scope::kAdmin}, std::nullopt}, "test");
      ASSERT_TRUE(issued.ok());
      tokens_[role] = issued->secret;
    }
    add_routes(router_, Services{.store = *store_,
                                 .incidents = *incidents_,
                                 .auth_store = *auth_store_,
                                 .clock = clock_,
                                 .rate_limits = roomy_limits()});
  }

  // Budgets no ordinary test reaches (rate_limit_test.cpp tests the real ones).
  static auth::ApiRateLimits roomy_limits() {
    return {.per_token = {.burst = 1e6, .per_second = 1e6},
            .per_address = {.burst = 1e6, .per_second = 1e6},
            .max_tracked = 1000};
  }

  web::Response call(web::Method method, std::string target, const std::string& token,
                     std::string_view body = {}) {
    web::Request r;
    r.method = method;
    if (auto q = target.find('?'); q != std::string::npos) {
      r.query = target.substr(q + 1);
      target.resize(q);
    }
    r.path = std::string(kApiPrefix) + target;
    std::string auth = "Bearer " + token;
    if (!token.empty()) r.headers.push_back({"Authorization", auth});
    r.body = body;
    return router_.handle(r);
  }
  web::Response as(Role role, web::Method method, std::string target, std::string_view body = {}) {
    return call(method, std::move(target), tokens_[role], body);
  }
  static boost::json::value parse(const web::Response& r) {
    return boost::json::parse(r.body_view());
  }
  static std::string error_field(const web::Response& r) {
    boost::json::value v = parse(r);
    const auto& f = v.at("error").at("field");
    return f.is_null() ? std::string() : std::string(f.as_string());
  }
  std::size_t audit_count() { return auth_store_->list_audit(1000, 0)->size(); }
  // Opens an incident on api through the API and returns its id.
  std::string open_incident() {
    auto r = as(
        Role::kResponder, web::Method::kPost, "/incidents",
        R"({"incident":{"name":"API errors","body":"Looking","components":{"api":"major_outage"}}})");
    EXPECT_EQ(r.status, 201u) << r.body_view();
    return std::string(parse(r).at("id").as_string());
  }

  testing::StoreFixture db_;
  FakeClock clock_{Instant(Millis(1'700'000'000'000))};
  std::unique_ptr<Store> store_;
  std::unique_ptr<AuthStore> auth_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<IncidentService> incidents_;
  std::map<Role, std::string> tokens_;
  web::Router router_;
};

}  // namespace pharos::manage
