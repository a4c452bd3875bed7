#include "auth/auth_service.h"

#include <gtest/gtest.h>

#include "auth/private_access.h"
#include "auth/sessions.h"
#include "support/temp_dir.h"

namespace pharos::auth {
namespace {

using namespace std::chrono_literals;

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_auth_store("sqlite:" + dir_.file("pharos.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    auth_ = std::make_unique<AuthService>(*store_, clock_);
  }
  User add(const std::string& name, Role role) {
    auto user = auth_->add_user({name, role, "a long enough password"}, "cli:test");
    EXPECT_TRUE(user.ok()) << user.error().describe();
    return *user;
  }
  IssuedToken issue(const std::string& user, std::vector<Scope> scopes,
                    std::optional<Instant> expires = std::nullopt) {
    auto issued = auth_->create_token({user, "test", std::move(scopes), expires}, "cli:test");
    EXPECT_TRUE(issued.ok()) << issued.error().describe();
    return *issued;
  }

  testing::TempDir dir_;
  FakeClock clock_{Instant(Millis(1'700'000'000'000))};
  std::unique_ptr<AuthStore> store_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, StoresAnArgon2idHashNotThePassword) {
  User u = add("alice", Role::kAdmin);
  EXPECT_EQ(u.password_hash.rfind("$argon2id$", 0), 0u) << u.password_hash;
  EXPECT_EQ(u.password_hash.find("a long enough password"), std::string::npos);
  EXPECT_TRUE(auth_->verify_password("alice", "a long enough password").ok());
  auto wrong = auth_->verify_password("alice", "a long enough passworD");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_->verify_password("nobody", "x").error().message, wrong.error().message);
}

TEST_F(AuthServiceTest, RejectsBadNamesAndPasswordsByField) {
  struct Case {
    std::string name, password, field;
  };
  for (const auto& c : std::vector<Case>{{"", "a long enough password", "name"},
                                         {"Alice", "a long enough password", "name"},
                                         {"al ice", "a long enough password", "name"},
                                         {std::string(65, 'a'), "a long enough password", "name"},
                                         {"alice", "too short", "password"}}) {
    auto added = auth_->add_user({c.name, Role::kViewer, c.password}, "cli:test");
    ASSERT_FALSE(added.ok()) << c.name;
    EXPECT_EQ(added.error().field, c.field) << c.name;
  }
  EXPECT_TRUE(auth_->list_users()->empty());
}

TEST_F(AuthServiceTest, NewUserProblemsListsEveryFieldAtOnce) {
  auto problems = AuthService::new_user_problems({"Bad Name", Role::kAdmin, "short"});
  ASSERT_EQ(problems.size(), 2u) << "a form shows both, not one per attempt";
  EXPECT_EQ(problems[0].field, "name");
  EXPECT_EQ(problems[1].field, "password");
  EXPECT_TRUE(
      AuthService::new_user_problems({"ada", Role::kAdmin, "a long enough password"}).empty());
}

TEST_F(AuthServiceTest, TokenIsShownOnceAndStoredHashed) {
  add("bob", Role::kResponder);
  IssuedToken t = issue("bob", {Scope::kWrite});
  EXPECT_EQ(t.secret.rfind("phr_", 0), 0u);
  EXPECT_EQ(t.secret.size(), 4u + 43u);
  EXPECT_EQ(t.token.hash, hash_token(t.secret));
  EXPECT_EQ(t.token.hash.size(), 64u);
  EXPECT_EQ(t.token.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(t.token.hint, t.secret.substr(0, 12));
  auto stored = store_->find_token(t.token.id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->hash, hash_token(t.secret));
  EXPECT_NE(issue("bob", {Scope::kWrite}).secret, t.secret);
}

TEST_F(AuthServiceTest, EffectiveScopeIsTheLowerOfTokenAndRole) {
  add("vera", Role::kViewer);
  add("rick", Role::kResponder);
  auto viewer = auth_->authenticate("Bearer " + issue("vera", {Scope::kAdmin}).secret);
  ASSERT_TRUE(viewer.ok());
  EXPECT_EQ(viewer->scope, Scope::kRead);
  EXPECT_EQ(viewer->actor(), "user:vera");
  auto reader = auth_->authenticate("Bearer " + issue("rick", {Scope::kRead}).secret);
  EXPECT_EQ(reader->scope, Scope::kRead);
  auto writer =
      auth_->authenticate("Bearer " + issue("rick", {Scope::kRead, Scope::kWrite}).secret);
  EXPECT_EQ(writer->scope, Scope::kWrite);
}

TEST_F(AuthServiceTest, RejectsMissingMalformedRevokedAndExpiredTokens) {
  add("rick", Role::kResponder);
  IssuedToken revoked = issue("rick", {Scope::kWrite});
  ASSERT_TRUE(auth_->revoke_token(revoked.token.id, "cli:test").ok());
  IssuedToken expiring = issue("rick", {Scope::kWrite}, clock_.now() + 1h);
  EXPECT_TRUE(auth_->authenticate("Bearer " + expiring.secret).ok());
  clock_.advance(1h);
  for (const std::string& header : {std::string(), std::string("Bearer"), std::string("Basic abc"),
                                    std::string("Bearer phr_nope"), "bearer " + revoked.secret,
                                    "Bearer " + revoked.secret, "Bearer " + expiring.secret}) {
    auto p = auth_->authenticate(header);
    ASSERT_FALSE(p.ok()) << header;
    EXPECT_EQ(p.error().code, ErrorCode::kUnauthenticated) << header;
  }
}

TEST_F(AuthServiceTest, RemovingAUserKillsItsTokens) {
  add("alice", Role::kAdmin);
  add("rick", Role::kResponder);
  IssuedToken t = issue("rick", {Scope::kWrite});
  ASSERT_TRUE(auth_->remove_user("rick", "user:alice").ok());
  EXPECT_FALSE(auth_->authenticate("Bearer " + t.secret).ok());
  EXPECT_EQ(auth_->remove_user("rick", "user:alice").error().code, ErrorCode::kNotFound);
}

TEST_F(AuthServiceTest, EveryChangeIsAuditedWithoutSecrets) {
  add("alice", Role::kAdmin);
  IssuedToken t = issue("alice", {Scope::kAdmin});
  ASSERT_TRUE(auth_->revoke_token(t.token.id, "user:alice").ok());
  auto log = auth_->audit_log(10, 0);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].action, "token.revoke");
  EXPECT_EQ((*log)[0].actor, "user:alice");
  EXPECT_NE((*log)[0].after.find("revoked_at"), std::string::npos);
  EXPECT_EQ((*log)[1].action, "token.create");
  EXPECT_EQ((*log)[2].action, "user.add");
  EXPECT_EQ((*log)[2].before, "");
  for (const auto& e : *log) {
    EXPECT_EQ(e.after.find(t.secret), std::string::npos);
    EXPECT_EQ(e.after.find(t.token.hash), std::string::npos);
    EXPECT_EQ(e.after.find("argon2"), std::string::npos);
  }
}

TEST_F(AuthServiceTest, TokenRequestsAreValidated) {
  add("alice", Role::kAdmin);
  EXPECT_EQ(auth_->create_token({"ghost", "", {Scope::kRead}, std::nullopt}, "t").error().field,
            "user");
  EXPECT_EQ(auth_->create_token({"alice", "", {}, std::nullopt}, "t").error().field, "scopes");
  EXPECT_EQ(auth_->create_token({"alice", "", {Scope::kRead}, clock_.now()}, "t").error().field,
            "expires_at");
}

// A user limited to pages (issue 20): stored with them, never an admin, lends its tokens no
// more than them, and its sessions open those private pages only.
TEST_F(AuthServiceTest, AUserLimitedToPagesReadsThemThroughTokensAndSessions) {
  auto admin = auth_->add_user({"root", Role::kAdmin, "a long enough password", {"ops"}}, "t");
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.error().field, "pages");
  auto ola = auth_->add_user({"ola", Role::kViewer, "a long enough password", {"ops", ""}}, "t");
  ASSERT_TRUE(ola.ok()) << ola.error().describe();
  auto stored = auth_->verify_password("ola", "a long enough password");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->pages, (std::vector<std::string>{"ops", ""})) << "the main page kept as \"\"";

  NewToken other{"ola", "t", {Scope::kRead}, std::nullopt, {"internal"}};
  auto refused = auth_->create_token(other, "t");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "pages");
  auto inherits = auth_->authenticate("Bearer " + issue("ola", {Scope::kRead}).secret);
  ASSERT_TRUE(inherits.ok());
  EXPECT_EQ(inherits->pages, (std::vector<std::string>{"ops", ""}));
  NewToken narrower{"ola", "t", {Scope::kRead}, std::nullopt, {"ops"}};
  auto narrow = auth_->create_token(narrower, "t");
  ASSERT_TRUE(narrow.ok());
  EXPECT_EQ(auth_->authenticate("Bearer " + narrow->secret)->pages,
            (std::vector<std::string>{"ops"}));

  SessionManager sessions(clock_);
  User vic = add("vic", Role::kViewer);
  auto check = private_page_check(*store_, sessions, clock_, [](std::string_view) { return true; });
  auto as = [&](const User& user, std::string_view slug) {
    std::string cookie = std::string(kSessionCookie) + "=" + sessions.create(user);
    web::Request request;
    request.headers.push_back({"Cookie", cookie});
    return check(request, slug);
  };
  EXPECT_EQ(as(*stored, "ops"), web::Access::kAllowed);
  EXPECT_EQ(as(*stored, ""), web::Access::kAllowed);
  EXPECT_EQ(as(*stored, "internal"), web::Access::kOtherPage);
  EXPECT_EQ(as(vic, "internal"), web::Access::kAllowed)
      << "a user of the admin UI reads every page";
}

TEST(ResolvePagesTest, MainNamesTheMainPageAndUnknownSlugsAreNamed) {
  std::vector<PageChoice> known{{"", "Acme", "/"}, {"ops", "Ops", "/ops"}};
  auto pages = resolve_pages({"main", "ops", "ops"}, known, "--page");
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, (std::vector<std::string>{"", "ops"}));
  auto unknown = resolve_pages({"opz"}, known, "user.pages");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "user.pages");
  EXPECT_NE(unknown.error().message.find("pages: main, ops"), std::string::npos)
      << unknown.error().message;
}

TEST(ParseExpiryTest, AcceptsDurationsAndFutureInstants) {
  Instant now = Instant(Millis(1'700'000'000'000));
  EXPECT_EQ(*parse_expiry("30d", now), now + std::chrono::hours(720));
  EXPECT_EQ(*parse_expiry("12h", now), now + std::chrono::hours(12));
  EXPECT_EQ(*parse_expiry("90m", now), now + std::chrono::minutes(90));
  // The same duration grammar as pharos.yaml: weeks and combinations too.
  EXPECT_EQ(*parse_expiry("2w", now), now + std::chrono::hours(24 * 14));
  EXPECT_EQ(*parse_expiry("1d12h", now), now + std::chrono::hours(36));
  EXPECT_TRUE(parse_expiry("2099-01-01T00:00:00Z", now).ok());
  for (const char* bad : {"", "d", "0d", "-3d", "5y", "99999w", "2001-01-01T00:00:00Z", "soon"}) {
    EXPECT_FALSE(parse_expiry(bad, now).ok()) << bad;
  }
}

}  // namespace
}  // namespace pharos::auth
