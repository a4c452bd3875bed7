#include "auth/sessions.h"

#include <gtest/gtest.h>

namespace pharos::auth {
namespace {

using namespace std::chrono_literals;

User ada() { return {"u1", "ada", Role::kAdmin, "", Instant{}}; }

class SessionsTest : public ::testing::Test {
 protected:
  FakeClock clock_{Instant(Millis(1'700'000'000'000))};
  SessionManager sessions_{clock_, {30min, 12h, 3}};
};

TEST_F(SessionsTest, ACookieFindsItsSessionWithACsrfToken) {
  std::string cookie = sessions_.create(ada());
  EXPECT_GE(cookie.size(), 43u);
  auto s = sessions_.find(cookie);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->user_name, "ada");
  EXPECT_EQ(s->role, Role::kAdmin);
  EXPECT_GE(s->csrf_token.size(), 43u);
  EXPECT_NE(s->csrf_token, cookie);
  EXPECT_TRUE(SessionManager::check_csrf(*s, s->csrf_token));
  EXPECT_FALSE(SessionManager::check_csrf(*s, ""));
  EXPECT_FALSE(SessionManager::check_csrf(*s, cookie));
  std::string tampered = s->csrf_token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(SessionManager::check_csrf(*s, tampered));
  EXPECT_FALSE(sessions_.find(cookie + "x").has_value());
  EXPECT_FALSE(sessions_.find("").has_value());
  EXPECT_NE(sessions_.create(ada()), cookie);
}

TEST_F(SessionsTest, IdleAndOldSessionsEnd) {
  std::string cookie = sessions_.create(ada());
  clock_.advance(20min);
  EXPECT_TRUE(sessions_.find(cookie).has_value());  // last_seen moves
  clock_.advance(29min);
  EXPECT_TRUE(sessions_.find(cookie).has_value());
  clock_.advance(31min);
  EXPECT_FALSE(sessions_.find(cookie).has_value());
  EXPECT_EQ(sessions_.size(), 0u);
  std::string busy = sessions_.create(ada());
  for (int i = 0; i < 35; ++i) {  // 11 h 40 min of requests every 20 min
    clock_.advance(20min);
    EXPECT_TRUE(sessions_.find(busy).has_value()) << i;
  }
  clock_.advance(20min);
  EXPECT_FALSE(sessions_.find(busy).has_value());  // 12 h after login, however busy
}

TEST_F(SessionsTest, LogoutAndUserRemovalEndSessionsAndTheOldestGoesFirstWhenFull) {
  std::string a = sessions_.create(ada());
  clock_.advance(1s);
  std::string b = sessions_.create(ada());
  sessions_.destroy(a);
  EXPECT_FALSE(sessions_.find(a).has_value());
  EXPECT_TRUE(sessions_.find(b).has_value());
  sessions_.destroy_user("u1");
  EXPECT_FALSE(sessions_.find(b).has_value());
  std::string first = sessions_.create(ada());
  for (int i = 0; i < 3; ++i) {
    clock_.advance(1s);
    sessions_.create(ada());
  }
  EXPECT_EQ(sessions_.size(), 3u);
  EXPECT_FALSE(sessions_.find(first).has_value());
}

TEST_F(SessionsTest, CookiesAreHttpOnlyAndSameSiteStrict) {
  std::string set = sessions_.set_cookie("abc", false);
  EXPECT_EQ(set.rfind("pharos_session=abc; ", 0), 0u);
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(set.find("Max-Age=43200"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);
  EXPECT_NE(sessions_.set_cookie("abc", true).find("; Secure"), std::string::npos);
  EXPECT_NE(SessionManager::clear_cookie(false).find("Max-Age=0"), std::string::npos);
}

}  // namespace
}  // namespace pharos::auth
