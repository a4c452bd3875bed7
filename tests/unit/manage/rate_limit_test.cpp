// Rate limiting of the management API: the guard's use of the token buckets
// (tests/unit/auth/rate_limiter_test.cpp) per token, per address for unauthenticated requests,
// 429 with Retry-After and a JSON error.
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace pharos::manage {
namespace {

class RateLimitApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    add_routes(limited_, Services{.store = *store_,
                                  .incidents = *incidents_,
                                  .auth_store = *auth_store_,
                                  .clock = clock_,
                                  .rate_limits = {.per_token = {.burst = 3, .per_second = 1},
                                                  .per_address = {.burst = 2, .per_second = 0.5},
                                                  .max_tracked = 100}});
  }
  web::Response from(const std::string& address, const std::string& token) {
    web::Request r;
    r.method = web::Method::kGet;
    r.path = std::string(kApiPrefix) + "/components";
    r.peer_address = address;
    std::string auth = "Bearer " + token;
    if (!token.empty()) r.headers.push_back({"Authorization", auth});
    return limited_.handle(r);
  }
  web::Router limited_;
};

TEST_F(RateLimitApiTest, ATokenGetsItsBurstThen429WithRetryAfter) {
  std::string token = tokens_[Role::kViewer];
  for (int n = 0; n < 3; ++n) EXPECT_EQ(from("10.0.0.1", token).status, 200u) << n;
  auto r = from("10.0.0.2", token);  // another address does not help a token
  EXPECT_EQ(r.status, 429u);
  EXPECT_NE(r.headers.find("Retry-After: 1\r\n"), std::string::npos) << r.headers;
  EXPECT_NE(r.headers.find("Cache-Control: no-store"), std::string::npos);
  auto v = parse(r);
  EXPECT_EQ(v.at("error").at("code"), "rate_limited");
  EXPECT_TRUE(v.at("error").at("field").is_null());
  EXPECT_EQ(from("10.0.0.1", tokens_[Role::kAdmin]).status, 200u);  // other tokens unaffected
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(from("10.0.0.1", token).status, 200u);
}

TEST_F(RateLimitApiTest, FailedAuthenticationSpendsTheAddressBudget) {
  EXPECT_EQ(from("10.0.0.9", "phr_guess1").status, 401u);
  EXPECT_EQ(from("10.0.0.9", "").status, 401u);
  // Spent: even a valid token from that address waits, and the token is not looked up.
  auto r = from("10.0.0.9", tokens_[Role::kViewer]);
  EXPECT_EQ(r.status, 429u);
  EXPECT_NE(r.headers.find("Retry-After: 2\r\n"), std::string::npos) << r.headers;
  EXPECT_EQ(from("10.0.0.10", "phr_guess2").status, 401u);  // other addresses have their own
  clock_.advance(std::chrono::seconds(2));
  EXPECT_EQ(from("10.0.0.9", tokens_[Role::kViewer]).status, 200u);
}

TEST_F(RateLimitApiTest, SuccessfulRequestsDoNotSpendTheAddressBudget) {
  // Three tokens from one address (an office behind NAT) are limited each on its own.
  for (Role role : {Role::kAdmin, Role::kResponder, Role::kViewer}) {
    for (int n = 0; n < 3; ++n) EXPECT_EQ(from("10.0.0.1", tokens_[role]).status, 200u);
  }
  EXPECT_EQ(from("10.0.0.1", "phr_wrong").status, 401u);
}

}  // namespace
}  // namespace pharos::manage
