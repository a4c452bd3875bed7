#include "storage/auth_store.h"

#include <gtest/gtest.h>

#include "backend.h"

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

// The AuthStore's contract, on every engine (see backend.h).
template <typename Backend>
class AuthStoreTest : public testing::BackendTest<Backend> {
 protected:
  void SetUp() override {
    testing::BackendTest<Backend>::SetUp();
    if (this->IsSkipped()) return;
    auto opened = open_auth_store(this->url_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
  }
  std::size_t audit_count() { return store_->list_audit(1000, 0)->size(); }

  std::unique_ptr<AuthStore> store_;
};
TYPED_TEST_SUITE(AuthStoreTest, testing::StoreBackends);

TYPED_TEST(AuthStoreTest, RolesAndScopesRoundTripByName) {
  for (Role r : {Role::kViewer, Role::kResponder, Role::kAdmin}) {
    EXPECT_EQ(parse_role(to_string(r)), r);
  }
  for (Scope s : {Scope::kRead, Scope::kWrite, Scope::kAdmin}) {
    EXPECT_EQ(parse_scope(to_string(s)), s);
  }
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_scope("Write").has_value());
}

TYPED_TEST(AuthStoreTest, AddsFindsAndListsUsersWithOneAuditEntryEach) {
  ASSERT_TRUE(
      this->store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(
      this->store_->add_user(user("u2", "ann", Role::kViewer), audit("user.add", "u2")).ok());
  auto by_name = this->store_->find_user_by_name("zoe");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());
  EXPECT_EQ((*by_name)->id, "u1");
  EXPECT_EQ((*by_name)->role, Role::kAdmin);
  EXPECT_EQ((*by_name)->password_hash, "$argon2id$fake");
  auto listed = this->store_->list_users();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "ann");
  EXPECT_EQ(this->audit_count(), 2u);
  EXPECT_FALSE(this->store_->find_user("nobody")->has_value());
}

TYPED_TEST(AuthStoreTest, DuplicateNameIsRejectedAndNotAudited) {
  ASSERT_TRUE(
      this->store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  auto again = this->store_->add_user(user("u2", "zoe", Role::kViewer), audit("user.add", "u2"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_EQ(this->audit_count(), 1u);
}

TYPED_TEST(AuthStoreTest, TheLastAdminCannotBeRemoved) {
  ASSERT_TRUE(
      this->store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  auto removed = this->store_->remove_user("u1", audit("user.remove", "u1"));
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(
      this->store_->add_user(user("u2", "max", Role::kAdmin), audit("user.add", "u2")).ok());
  EXPECT_TRUE(this->store_->remove_user("u1", audit("user.remove", "u1")).ok());
  EXPECT_EQ(this->store_->remove_user("u1", audit("user.remove", "u1")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->audit_count(), 3u);
}

TYPED_TEST(AuthStoreTest, TokensAreFoundByHashAndGoWithTheirUser) {
  ASSERT_TRUE(
      this->store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(
      this->store_->add_user(user("u2", "max", Role::kAdmin), audit("user.add", "u2")).ok());
  ASSERT_TRUE(this->store_->add_token(token("t1", "u1", "h1"), audit("token.create", "t1")).ok());
  auto found = this->store_->find_token_by_hash("h1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, "t1");
  EXPECT_EQ((*found)->scopes, (std::vector<Scope>{Scope::kRead, Scope::kWrite}));
  EXPECT_EQ((*found)->expires_at, kT0 + 24h);
  EXPECT_FALSE((*found)->revoked_at.has_value());
  EXPECT_EQ(this->store_->list_tokens("u2")->size(), 0u);
  ASSERT_TRUE(this->store_->remove_user("u1", audit("user.remove", "u1")).ok());
  EXPECT_FALSE(this->store_->find_token_by_hash("h1")->has_value());
}

TYPED_TEST(AuthStoreTest, TokenForUnknownUserIsRejected) {
  auto added = this->store_->add_token(token("t1", "ghost", "h1"), audit("token.create", "t1"));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(this->audit_count(), 0u);
}

TYPED_TEST(AuthStoreTest, RevokeKeepsTheFirstTime) {
  ASSERT_TRUE(
      this->store_->add_user(user("u1", "zoe", Role::kAdmin), audit("user.add", "u1")).ok());
  ASSERT_TRUE(this->store_->add_token(token("t1", "u1", "h1"), audit("token.create", "t1")).ok());
  ASSERT_TRUE(this->store_->revoke_token("t1", kT0 + 1h, audit("token.revoke", "t1")).ok());
  ASSERT_TRUE(this->store_->revoke_token("t1", kT0 + 2h, audit("token.revoke", "t1")).ok());
  EXPECT_EQ((*this->store_->find_token("t1"))->revoked_at, kT0 + 1h);
  EXPECT_EQ(this->store_->revoke_token("t9", kT0, audit("token.revoke", "t9")).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(this->audit_count(), 3u);  // user.add, token.create, one revoke
}

TYPED_TEST(AuthStoreTest, AuditIsNewestFirstWithPaging) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e = audit("incident.update", "i" + std::to_string(i));
    e.before = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(this->store_->append_audit(e).ok());
  }
  auto page = this->store_->list_audit(2, 1);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].target, "i3");
  EXPECT_EQ((*page)[1].target, "i2");
  EXPECT_EQ((*page)[0].before, "{\"n\":3}");
  EXPECT_EQ((*page)[0].actor, "cli:test");
  EXPECT_GT((*page)[0].seq, (*page)[1].seq);
}

}  // namespace
}  // namespace pharos
