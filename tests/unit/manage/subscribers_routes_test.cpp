// Subscribers through the management API: write scope (addresses are personal data), admin
// only to skip the confirmation mail, filters and paging, secrets shown once, audited.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "notify/subscription_service.h"
#include "storage/notify_store.h"

namespace pharos::manage {
namespace {

using web::Method;

class SubscribersApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    auto store = open_notify_store(db_.url());
    ASSERT_TRUE(store.ok());
    notify_store_ = std::move(*store);
    subscriptions_ = std::make_unique<notify::SubscriptionService>(
        *notify_store_, clock_, std::vector<std::string>{"api", "web"}, audit_.get());
    Services services = api_services();
    services.subscriptions = subscriptions_.get();
    reroute(services);
  }
  web::Response add(Role role, const std::string& fields) {
    return as(role, Method::kPost, "/subscribers", R"({"subscriber":{)" + fields + "}}");
  }
  std::size_t confirm_events() {
    std::size_t n = 0;
    auto events = notify_store_->unfanned_events(1000);
    for (const auto& e : *events) {
      n += e.kind == EventKind::kSubscriberConfirm;
    }
    return n;
  }
  std::unique_ptr<NotifyStore> notify_store_;
  std::unique_ptr<notify::SubscriptionService> subscriptions_;
};

TEST_F(SubscribersApiTest, AnEmailSubscriberStartsUnconfirmedAndGetsAMail) {
  auto r = add(Role::kResponder,
               R"("kind":"email","address":"ops@acme.example","component_ids":["api"])");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  auto v = parse(r);
  EXPECT_EQ(v.at("confirmed"), false);
  EXPECT_EQ(v.at("component_ids").at(0), "api");
  EXPECT_EQ(confirm_events(), 1u);
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "subscriber.create");
  EXPECT_EQ(entry.before, "");
  EXPECT_NE(entry.after.find("ops@acme.example"), std::string::npos);
}

TEST_F(SubscribersApiTest, OnlyAdminsSkipTheConfirmation) {
  const std::string fields =
      R"("address":"boss@acme.example","skip_confirmation_notification":true)";
  auto r = add(Role::kResponder, fields);
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(error_field(r), "subscriber.skip_confirmation_notification");
  EXPECT_TRUE(notify_store_->list_subscribers()->empty());
  r = add(Role::kAdmin, fields);
  ASSERT_EQ(r.status, 201u) << r.body_view();
  EXPECT_EQ(parse(r).at("confirmed"), true);
  EXPECT_EQ(confirm_events(), 0u);
}

TEST_F(SubscribersApiTest, WebhookSecretsAreShownOnceAndNeverAudited) {
  auto r = add(Role::kResponder, R"("kind":"webhook","address":"https://hooks.acme.example/x")");
  ASSERT_EQ(r.status, 201u) << r.body_view();
  std::string secret(parse(r).at("secret").as_string());
  ASSERT_FALSE(secret.empty());
  auto listed = as(Role::kResponder, Method::kGet, "/subscribers");
  EXPECT_EQ(std::string(listed.body_view()).find(secret), std::string::npos);
  EXPECT_EQ((*auth_store_->list_audit(1, 0))[0].after.find(secret), std::string::npos);
}

TEST_F(SubscribersApiTest, ViewersSeeNoAddressesAndChangeNothing) {
  ASSERT_EQ(add(Role::kResponder, R"("address":"ops@acme.example")").status, 201u);
  std::string id(
      parse(as(Role::kResponder, Method::kGet, "/subscribers")).at(0).at("id").as_string());
  std::size_t audited = audit_count();
  EXPECT_EQ(as(Role::kViewer, Method::kGet, "/subscribers").status, 403u);
  EXPECT_EQ(add(Role::kViewer, R"("address":"eve@evil.example")").status, 403u);
  EXPECT_EQ(as(Role::kViewer, Method::kDelete, "/subscribers/" + id).status, 403u);
  EXPECT_EQ(notify_store_->list_subscribers()->size(), 1u);
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(SubscribersApiTest, InvalidSubscribersNameTheField) {
  struct Case {
    std::string fields;
    unsigned status;
    const char* field;
  };
  const Case cases[] = {
      {R"("kind":"email")", 400, "subscriber.address"},
      {R"("address":"not an address")", 400, "subscriber.address"},
      {R"("kind":"pigeon","address":"a@b.example")", 400, "subscriber.kind"},
      {R"("address":"a@b.example","component_ids":["nosuch"])", 400, "subscriber.component_ids"},
      {R"("address":"a@b.example","component_ids":"api")", 400, "subscriber.component_ids"},
      {R"("address":"a@b.example","phone":"123")", 400, "subscriber.phone"},
      {R"("address":"a@b.example","skip_confirmation_notification":"yes")", 400,
       "subscriber.skip_confirmation_notification"},
  };
  std::size_t audited = audit_count();
  for (const auto& c : cases) {
    auto r = add(Role::kAdmin, c.fields);
    EXPECT_EQ(r.status, c.status) << c.fields;
    EXPECT_EQ(error_field(r), c.field) << c.fields << "\n" << r.body_view();
  }
  EXPECT_TRUE(notify_store_->list_subscribers()->empty());
  EXPECT_EQ(audit_count(), audited);
}

TEST_F(SubscribersApiTest, ListsFilterByStateAndComponentThenPage) {
  ASSERT_EQ(add(Role::kResponder, R"("address":"a@acme.example","component_ids":["api"])").status,
            201u);
  ASSERT_EQ(add(Role::kResponder, R"("address":"b@acme.example","component_ids":["web"])").status,
            201u);
  ASSERT_EQ(add(Role::kAdmin, R"("address":"c@acme.example","skip_confirmation_notification":true)")
                .status,
            201u);
  auto count = [&](const std::string& query) {
    auto r = as(Role::kResponder, Method::kGet, "/subscribers" + query);
    EXPECT_EQ(r.status, 200u) << query;
    return parse(r).as_array().size();
  };
  EXPECT_EQ(count(""), 3u);
  EXPECT_EQ(count("?state=confirmed"), 1u);
  EXPECT_EQ(count("?state=unconfirmed"), 2u);
  EXPECT_EQ(count("?component=api"), 2u);  // a@ and the whole-page c@
  EXPECT_EQ(count("?component=web&state=unconfirmed"), 1u);
  EXPECT_EQ(count("?per_page=2&page=2"), 1u);
  auto bad = as(Role::kResponder, Method::kGet, "/subscribers?state=maybe");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(error_field(bad), "state");
}

TEST_F(SubscribersApiTest, DeleteUnsubscribesAndAudits) {
  ASSERT_EQ(add(Role::kResponder, R"("address":"ops@acme.example")").status, 201u);
  std::string id(
      parse(as(Role::kResponder, Method::kGet, "/subscribers")).at(0).at("id").as_string());
  auto r = as(Role::kResponder, Method::kDelete, "/subscribers/" + id);
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_TRUE(notify_store_->list_subscribers()->empty());
  auto entry = (*auth_store_->list_audit(1, 0))[0];
  EXPECT_EQ(entry.action, "subscriber.delete");
  EXPECT_NE(entry.before.find("ops@acme.example"), std::string::npos);
  EXPECT_EQ(entry.after, "");
  r = as(Role::kResponder, Method::kDelete, "/subscribers/" + id);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_field(r), "id");
}

TEST_F(ApiTest, SubscribersAnswer503WithoutNotifications) {
  auto r = as(Role::kAdmin, Method::kGet, "/subscribers");
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(parse(r).at("error").at("code"), "unavailable");
}

}  // namespace
}  // namespace pharos::manage
