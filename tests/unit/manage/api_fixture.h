#pragma once
// An in-process management API: a real SQLite store with two components (api, web), the
// services, a router with the manage routes, and one token per role.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "auth/auth_service.h"
#include "manage/manage_api.h"
#include "storage/results_store.h"
#include "support/services_fixture.h"

namespace pharos::manage {

class ApiTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    open_services(
        {testing::component("api", "API", "", 1), testing::component("web", "Website", "", 2)});
    if (HasFatalFailure()) return;
    auth::AuthService auth(*auth_store_, clock_);
    for (const auto& [role, user] : users_) {
      auto issued = auth.create_token({user.name, "", {Scope::kAdmin}, std::nullopt}, "test");
      ASSERT_TRUE(issued.ok());
      tokens_[role] = issued->secret;
    }
    add_routes(router_, api_services());
  }

  // The services of every route test (store, incidents, audit log, clock) with roomy limits; a
  // test sets the optional ones it needs (subscriptions, reports) and passes them to reroute().
  Services api_services() {
    return Services{.store = *store_,
                    .incidents = *incidents_,
                    .auth_store = *auth_store_,
                    .clock = clock_,
                    .rate_limits = roomy_limits()};
  }
  // Replaces the router with one whose manage routes use `services`.
  void reroute(const Services& services) {
    router_ = web::Router();
    add_routes(router_, services);
  }

  // A results store beside the store, for the routes that read check results (monitors, reports).
  void open_results() {
    auto results = open_results_store(db_.url());
    ASSERT_TRUE(results.ok()) << results.error().message;
    results_ = std::move(*results);
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

  std::unique_ptr<ResultsStore> results_;  // open_results()
  std::map<Role, std::string> tokens_;
  web::Router router_;
};

}  // namespace pharos::manage
