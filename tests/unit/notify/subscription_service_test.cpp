#include "notify/subscription_service.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "notify/crypto.h"
#include "notify_fixture.h"

namespace pharos::notify {
namespace {

TEST(AddressTest, RefusesInvalidAddressesWithAReason) {
  struct Case {
    SubscriberKind kind;
    const char* address;
    bool ok;
  } cases[] = {
      {SubscriberKind::kEmail, "jo@example.com", true},
      {SubscriberKind::kEmail, "jo.o+tag@mail.example.co.uk", true},
      {SubscriberKind::kEmail, "", false},
      {SubscriberKind::kEmail, "jo", false},
      {SubscriberKind::kEmail, "@example.com", false},
      {SubscriberKind::kEmail, "jo@localhost", false},
      {SubscriberKind::kEmail, "jo@@example.com", false},
      {SubscriberKind::kEmail, "jo smith@example.com", false},
      {SubscriberKind::kEmail, "jo@example.com\r\nBcc: x@y.z", false},
      {SubscriberKind::kWebhook, "https://hooks.example/x", true},
      {SubscriberKind::kWebhook, "http://127.0.0.1:8080/hook", true},
      {SubscriberKind::kWebhook, "ftp://hooks.example/x", false},
      {SubscriberKind::kWebhook, "hooks.example/x", false},
      {SubscriberKind::kSlack, "https://", false},
      {SubscriberKind::kDiscord, "not a url", false},
  };
  for (const auto& c : cases) {
    auto problem = address_problem(c.kind, c.address);
    EXPECT_EQ(!problem.has_value(), c.ok) << c.address << ": " << problem.value_or("");
  }
}

class SubscriptionServiceTest : public NotifyFixture {};

TEST_F(SubscriptionServiceTest, RejectsBadInputAndDuplicates) {
  SubscriptionService service(*notify_, clock_, {"api", "db"});
  auto bad = service.subscribe({SubscriberKind::kEmail, "nope", {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "address");
  auto unknown = service.subscribe({SubscriberKind::kEmail, "jo@example.com", {"cdn"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "components");
  ASSERT_TRUE(service.subscribe({SubscriberKind::kEmail, "jo@example.com", {"api"}}).ok());
  EXPECT_EQ(service.subscribe({SubscriberKind::kEmail, "jo@example.com", {}}).error().code,
            ErrorCode::kAlreadyExists);
}

TEST_F(SubscriptionServiceTest, StoresOnlyTokenHashes) {
  SubscriptionService service(*notify_, clock_, {"api", "db"});
  auto sub = service.subscribe({SubscriberKind::kEmail, "jo@example.com", {}});
  ASSERT_TRUE(sub.ok());
  ASSERT_EQ(sub->confirm_token.size(), 43u);
  EXPECT_FALSE(sub->subscriber.confirmed);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.file("pharos.db").c_str(), &db), SQLITE_OK);
  std::string dump;
  sqlite3_exec(
      db, "SELECT hash, purpose FROM subscriber_tokens",
      [](void* out, int n, char** values, char**) {
        for (int i = 0; i < n; ++i) *static_cast<std::string*>(out) += values[i] ? values[i] : "";
        return 0;
      },
      &dump, nullptr);
  sqlite3_close(db);
  EXPECT_NE(dump.find(hash_token(sub->confirm_token)), std::string::npos);
  EXPECT_EQ(dump.find(sub->confirm_token), std::string::npos);
  EXPECT_EQ(service.confirm("guess").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service.confirm(sub->confirm_token).ok());
}

TEST_F(SubscriptionServiceTest, WebhooksAreConfirmedAtOnceWithASigningSecret) {
  SubscriptionService service(*notify_, clock_, {"api", "db"});
  auto sub = service.subscribe({SubscriberKind::kWebhook, "https://hooks.example/x", {"db"}});
  ASSERT_TRUE(sub.ok());
  EXPECT_TRUE(sub->subscriber.confirmed);
  EXPECT_EQ(sub->subscriber.secret.size(), 43u);
  EXPECT_TRUE(sub->confirm_token.empty());
  EXPECT_TRUE(events().empty());  // no confirmation message for hooks
}

}  // namespace
}  // namespace pharos::notify
