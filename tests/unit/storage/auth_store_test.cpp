#include "storage/auth_store.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

const Instant kT0 = Instant(Millis(1'700'000'000'000));

AuditEntry audit(std::string action, std::string target) {
  return {0, kT0, "cli:test", std::move(action), std::move(target), "", "{}"};
}

User user(std::string id, std::string name, Role role) {
  return {std::move(id), std::move(name), role, "$argon2id$fake", kT0};
}

ApiToken token(std::string id, std::string user_id, std::string hash) {
  ApiToken t;
  t.id = std::move(id);
  t.user_id = std::move(user_id);
  t.hint = "phr_abcd";
  t.hash = std::move(hash);
  t.scopes = {Scope::kRead, Scope::kWrite};
  t.created_at = kT0;
  t.expires_at = kT0 + 24h;
  return t;
}

class AuthStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_auth_store("sqlite:" + dir_.file("pharos.db"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
  }
  std::size_t audit_count() { return store_->list_audit(1000, 0)->size(); }

  testing::TempDir dir_;
  std::unique_ptr<AuthStore> store_;
};

TEST_F(AuthStoreTest, RolesAndScopesRoundTripByName) {
  for (Role r : {Role::kViewer, Role::kResponder, Role::kAdmin}) {
    EXPECT_EQ(parse_role(to_string(r)), r);
  }
  for (Scope s : {Scope::kRead, Scope::kWrite, Scope::kAdmin}) {
    EXPECT_EQ(parse_scope(to_string(s)), s);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_scope("Write").has_value());
}

TEST_F(AuthStoreTest, AddsFindsAndListsUsersWithOneAuditEntryEach) {
  ASSERT_TRUE(store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(store_->add_user(user("u2", "ann", Role::kViewer), audit("user.add", "u2")).ok());
  auto by_name = store_->find_user_by_name("zoe");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());
  EXPECT_EQ((*by_name)->id, "u1");
  EXPECT_EQ((*by_name)->role, Role::kAdmin);
  EXPECT_EQ((*by_name)->password_hash, "$argon2id$fake");
  auto listed = store_->list_users();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "ann");
  EXPECT_EQ(audit_count(), 2u);
  EXPECT_FALSE(store_->find_user("nobody")->has_value());
}

TEST_F(AuthStoreTest, DuplicateNameIsRejectedAndNotAudited) {
  ASSERT_TRUE(store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  auto again = store_->add_user(user("u2", "zoe", Role::kViewer), audit("user.add", "u2"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_EQ(audit_count(), 1u);
}

TEST_F(AuthStoreTest, TheLastAdminCannotBeRemoved) {
  ASSERT_TRUE(store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  auto removed = store_->remove_user("u1", audit("user.remove", "u1"));
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->add_user(user("u2", "max", Role::kAdmin), audit("user.add", "u2")).ok());
  EXPECT_TRUE(store_->remove_user("u1", audit("user.remove", "u1")).ok());
  EXPECT_EQ(store_->remove_user("u1", audit("user.remove", "u1")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(audit_count(), 3u);
}

TEST_F(AuthStoreTest, TokensAreFoundByHashAndGoWithTheirUser) {
  ASSERT_TRUE(store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(store_->add_user(user("u2", "max", Role::kAdmin), audit("user.add", "u2")).ok());
  ASSERT_TRUE(store_->add_token(token("t1", "u1", "h1"), audit("token.create", "t1")).ok());
  auto found = store_->find_token_by_hash("h1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, "t1");
  EXPECT_EQ((*found)->scopes, (std::vector<Scope>{Scope::kRead, Scope::kWrite}));
  EXPECT_EQ((*found)->expires_at, kT0 + 24h);
  EXPECT_FALSE((*found)->revoked_at.has_value());
  EXPECT_EQ(store_->list_tokens("u2")->size(), 0u);
  ASSERT_TRUE(store_->remove_user("u1", audit("user.remove", "u1")).ok());
  EXPECT_FALSE(store_->find_token_by_hash("h1")->has_value());
}

TEST_F(AuthStoreTest, TokenForUnknownUserIsRejected) {
  auto added = store_->add_token(token("t1", "ghost", "h1"), audit("token.create", "t1"));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(audit_count(), 0u);
}

TEST_F(AuthStoreTest, RevokeKeepsTheFirstTime) {
  ASSERT_TRUE(store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(store_->add_token(token("t1", "u1", "h1"), audit("token.create", "t1")).ok());
  ASSERT_TRUE(store_->revoke_token("t1", kT0 + 1h, audit("token.revoke", "t1")).ok());
  ASSERT_TRUE(store_->revoke_token("t1", kT0 + 2h, audit("token.revoke", "t1")).ok());
  EXPECT_EQ((*store_->find_token("t1"))->revoked_at, kT0 + 1h);
  EXPECT_EQ(store_->revoke_token("t9", kT0, audit("token.revoke", "t9")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(audit_count(), 3u);  // user.add, token.create, one revoke
}

TEST_F(AuthStoreTest, AuditIsNewestFirstWithPaging) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e = audit("incident.update", "i" + std::to_string(i));
    e.before = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(store_->append_audit(e).ok());
  }
  auto page = store_->list_audit(2, 1);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].target, "i3");
  EXPECT_EQ((*page)[1].target, "i2");
  EXPECT_EQ((*page)[0].before, "{\"n\":3}");
  EXPECT_EQ((*page)[0].actor, "cli:test");
  EXPECT_GT((*page)[0].seq, (*page)[1].seq);
}

}  // namespace
}  // namespace pharos
