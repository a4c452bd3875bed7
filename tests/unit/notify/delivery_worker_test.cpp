#include "notify/delivery_worker.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "notify/crypto.h"
#include "notify/fanout.h"
#include "notify/subscription_service.h"
#include "notify_fixture.h"

namespace pharos::notify {
namespace {

using namespace std::chrono_literals;

class DeliveryWorkerTest : public NotifyFixture {
 protected:
  void SetUp() override {
    NotifyFixture::SetUp();
    spec_.delivery.backoff_base = 1s;
    spec_.delivery.backoff_max = 1min;
    spec_.delivery.give_up_after = 10min;
    spec_.smtp = SmtpSpec{"smtp://127.0.0.1:2525", "status@acme.example", "", "", false};
  }

  DeliveryWorker& worker() {
    if (!worker_) {
      WorkerContext ctx{page_, TimeZone::utc(), spec_, 250ms, {}};
      // Jitter factor 1.0: delays are exactly base·2^(n-1).
      worker_ = std::make_unique<DeliveryWorker>(*store_, *notify_, clock_, ctx, http_, mail_,
                                                 [] { return 1.0; });
    }
    return *worker_;
  }

  int run() {
    auto n = worker().run_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  void add_route(const std::string& url, const std::string& secret = "") {
    NotifyRouteSpec route;
    route.kind = "webhook";
    route.url = url;
    route.secret = secret;
    spec_.routes.push_back(route);
  }

  Subscriber subscribe(SubscriberKind kind, const std::string& address) {
    SubscriptionService service(*notify_, clock_, {"api", "db"});
    auto s = service.subscribe({kind, address, {}});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s->subscriber;
  }

  void flip_db(ComponentStatus to) {
    ASSERT_TRUE(store_->set_component_status({"db", to, StatusSource::kManual}).ok());
  }

  NotifySpec spec_;
  FakeHttp http_;
  FakeMail mail_;
  std::unique_ptr<DeliveryWorker> worker_;
};

TEST_F(DeliveryWorkerTest, SendsASignedStatuspageWebhookWithAnIdempotencyId) {
  add_route("https://hooks.example/oncall", "s3cret");
  flip_db(ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 1);
  ASSERT_EQ(http_.requests.size(), 1u);
  const HttpRequest& r = http_.requests[0];
  EXPECT_EQ(r.url, "https://hooks.example/oncall");
  EXPECT_EQ(http_.header(0, "X-Pharos-Delivery"), "1-route-0");
  EXPECT_EQ(http_.header(0, "Idempotency-Key"), "1-route-0");
  EXPECT_EQ(http_.header(0, "X-Pharos-Event"), "component.updated");
  std::smatch m;
  std::string sig = http_.header(0, "X-Pharos-Signature");
  ASSERT_TRUE(std::regex_match(sig, m, std::regex("t=(\\d+),v1=([0-9a-f]{64})")));
  EXPECT_EQ(m[1].str(), "1700000000");
  EXPECT_EQ(m[2].str(), hmac_sha256_hex("s3cret", m[1].str() + "." + r.body));
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["component_update"].at("new_status").as_string(), "major_outage");
  // One of two components down: Pharos's roll-up calls that major (rollup.h).
  EXPECT_EQ(body["page"].at("status_indicator").as_string(), "major");
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kDelivered), 1);
  EXPECT_EQ(run(), 0);  // nothing left
}

// Issue 20: a webhook subscriber of a page of `pages:` gets that page's id, links and status
// (its components only); the pages are replaced whole by set_pages (a reload).
TEST_F(DeliveryWorkerTest, APageSubscriberGetsItsPageInTheWebhook) {
  SubscriptionService service(*notify_, clock_, {"api", "db"});
  SubscribeRequest request{SubscriberKind::kWebhook, "https://partner.example/hook", {}};
  request.page = "partners";
  ASSERT_TRUE(service.subscribe(request).ok());
  Page partners{"pg0000partner", "Partners", "https://status.acme.example/partners", "Etc/UTC"};
  worker().set_pages({{"partners", {partners, {"api"}}}});
  flip_db(ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 0) << "db is not on the page: its subscriber hears nothing";

  worker().set_pages({{"partners", {partners, {"api", "db"}}}});
  ASSERT_TRUE(
      store_->set_component_status({"db", ComponentStatus::kOperational, StatusSource::kManual})
          .ok());
  ASSERT_EQ(run(), 1);
  auto body = boost::json::parse(http_.requests.back().body).as_object();
  EXPECT_EQ(body["page"].at("id").as_string(), "pg0000partner");
  EXPECT_EQ(body["page"].at("status_indicator").as_string(), "none");
  std::string unsubscribe(body["meta"].at("unsubscribe").as_string());
  EXPECT_EQ(unsubscribe.rfind("https://status.acme.example/partners/subscriptions/unsubscribe/", 0),
            0u)
      << unsubscribe;
  EXPECT_EQ(body["meta"].at("documentation").as_string(),
            "https://status.acme.example/partners/webhooks");
}

TEST_F(DeliveryWorkerTest, RetriesWithExponentialBackoffThenDelivers) {
  add_route("https://hooks.example/oncall");
  http_.scripted = {http_status(503), {false, 0, "connection refused"}, http_status(500)};
  flip_db(ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 1);  // 503 → retry in 1s
  clock_.advance(999ms);
  EXPECT_EQ(run(), 0);
  clock_.advance(1ms);
  EXPECT_EQ(run(), 1);  // refused → retry in 2s
  clock_.advance(1999ms);
  EXPECT_EQ(run(), 0);
  clock_.advance(1ms);
  EXPECT_EQ(run(), 1);  // 500 → retry in 4s
  clock_.advance(4s);
  EXPECT_EQ(run(), 1);  // 200
  EXPECT_EQ(http_.requests.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(http_.header(i, "X-Pharos-Delivery"), "1-route-0");
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kDelivered), 1);
}

TEST_F(DeliveryWorkerTest, GivesUpIntoTheDeadLetterListWhichCanBeRetried) {
  add_route("https://hooks.example/oncall");
  for (int i = 0; i < 40; ++i) http_.scripted.push_back(http_status(503));
  flip_db(ComponentStatus::kMajorOutage);
  int rounds = 0;
  while (*notify_->count_deliveries(DeliveryState::kDead) == 0 && rounds++ < 30) {
    run();
    clock_.advance(1min);
  }
  auto dead = notify_->list_deliveries(DeliveryState::kDead, 10);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_NE((*dead)[0].last_error.find("gave up"), std::string::npos);
  EXPECT_GE(clock_.now() - *(*dead)[0].first_failure_at, 10min);
  EXPECT_LE(rounds, 12);
  http_.scripted.clear();
  EXPECT_EQ(*notify_->retry_dead((*dead)[0].id, clock_.now()), 1);
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kDelivered), 1);
}

TEST_F(DeliveryWorkerTest, ALaterEventWaitsForTheEarlierOneOfTheSameSubscriber) {
  Subscriber hook = subscribe(SubscriberKind::kWebhook, "https://hooks.example/a");
  http_.scripted = {http_status(503)};
  flip_db(ComponentStatus::kDegradedPerformance);
  flip_db(ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 1);  // the first fails; the second is not tried
  clock_.advance(1s);
  EXPECT_EQ(run(), 2);  // now both, in order
  ASSERT_EQ(http_.requests.size(), 3u);
  std::vector<std::string> order;
  for (size_t i = 0; i < 3; ++i) order.push_back(http_.header(i, "X-Pharos-Delivery"));
  EXPECT_EQ(order, (std::vector<std::string>{"1-" + hook.id, "1-" + hook.id, "2-" + hook.id}));
}

TEST_F(DeliveryWorkerTest, ClientErrorsAreNotRetriedAnd410Unsubscribes) {
  Subscriber bad = subscribe(SubscriberKind::kWebhook, "https://hooks.example/bad");
  Subscriber gone = subscribe(SubscriberKind::kSlack, "https://hooks.example/gone");
  http_.by_url["https://hooks.example/bad"] = {http_status(400)};
  http_.by_url["https://hooks.example/gone"] = {http_status(410)};
  flip_db(ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 2);
  EXPECT_EQ(*notify_->count_deliveries(DeliveryState::kDead), 2);
  EXPECT_TRUE(notify_->find_subscriber(bad.id)->has_value());
  EXPECT_FALSE(notify_->find_subscriber(gone.id)->has_value());
  flip_db(ComponentStatus::kOperational);
  EXPECT_EQ(run(), 1);  // only the subscriber that is left
  EXPECT_EQ(http_.requests.back().url, "https://hooks.example/bad");
}

TEST_F(DeliveryWorkerTest, EmailDoubleOptInThenIncidentMailWithWorkingUnsubscribeLink) {
  SubscriptionService service(*notify_, clock_, {"api", "db"});
  auto sub = service.subscribe({SubscriberKind::kEmail, "jo@example.com", {"api"}});
  ASSERT_TRUE(sub.ok());
  open_incident("Before confirmation", ComponentStatus::kDegradedPerformance);
  EXPECT_EQ(run(), 1);  // only the confirmation: unconfirmed subscribers get nothing else
  ASSERT_EQ(mail_.sent.size(), 1u);
  EXPECT_EQ(mail_.sent[0].to, std::vector<std::string>{"jo@example.com"});
  std::string confirm_mail = mail_.sent[0].message;
  EXPECT_NE(confirm_mail.find("Subject: [Acme] Confirm your subscription"), std::string::npos);

  ASSERT_TRUE(service.confirm(sub->confirm_token).ok());
  EXPECT_EQ(service.confirm(sub->confirm_token).error().code, ErrorCode::kNotFound);  // used

  open_incident("API down", ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 2);  // the incident update and api's status change
  ASSERT_EQ(mail_.sent.size(), 3u);
  std::string mail = mail_.sent[1].message;
  EXPECT_NE(mail.find("Subject: [Acme] API down - Investigating"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(mail, m,
                                std::regex("List-Unsubscribe: <https://status\\.acme\\."
                                           "example/subscriptions/unsubscribe/([A-Za-z0-9_-]+)>")));
  auto unsub = service.unsubscribe(m[1].str());
  ASSERT_TRUE(unsub.ok()) << unsub.error().message;
  EXPECT_EQ(unsub->address, "jo@example.com");
  open_incident("After unsubscribing", ComponentStatus::kMajorOutage);
  run();
  EXPECT_EQ(mail_.sent.size(), 3u);
}

TEST_F(DeliveryWorkerTest, ChatHooksGetTheirOwnMessageShape) {
  subscribe(SubscriberKind::kDiscord, "https://discord.example/api/webhooks/1");
  subscribe(SubscriberKind::kTeams, "https://teams.example/webhook");
  open_incident("API down", ComponentStatus::kMajorOutage);
  EXPECT_EQ(run(), 4);
  ASSERT_TRUE(http_.find("https://discord.example/api/webhooks/1"));
  ASSERT_TRUE(http_.find("https://teams.example/webhook"));
  auto discord =
      boost::json::parse(http_.find("https://discord.example/api/webhooks/1")->body).as_object();
  EXPECT_NE(std::string(discord["content"].as_string()).find("API down"), std::string::npos);
  auto teams = boost::json::parse(http_.find("https://teams.example/webhook")->body).as_object();
  EXPECT_EQ(teams["@type"].as_string(), "MessageCard");
  EXPECT_NE(std::string(teams["title"].as_string()).find("API down"), std::string::npos);
}

TEST_F(DeliveryWorkerTest, EmailWithoutSmtpIsDeadWithTheReason) {
  spec_.smtp.reset();
  subscribe(SubscriberKind::kEmail, "jo@example.com");
  EXPECT_EQ(run(), 1);
  auto dead = notify_->list_deliveries(DeliveryState::kDead, 10);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_NE((*dead)[0].last_error.find("SMTP"), std::string::npos);
}

TEST_F(DeliveryWorkerTest, AlertsReachOnlyTheAdminRoutes) {
  add_route("https://hooks.example/oncall", "s3cret");
  subscribe(SubscriberKind::kWebhook, "https://hooks.example/public");
  ASSERT_TRUE(notify_->append_alert("certificate for api expires in 5 days", clock_.now()).ok());
  EXPECT_EQ(run(), 1);
  ASSERT_EQ(http_.requests.size(), 1u);
  EXPECT_EQ(http_.requests[0].url, "https://hooks.example/oncall");
  EXPECT_EQ(http_.header(0, "X-Pharos-Event"), "alert");
  auto body = boost::json::parse(http_.requests[0].body).as_object();
  EXPECT_EQ(body["alert"].at("text").as_string(), "certificate for api expires in 5 days");
}

TEST(ClassifyTest, HttpAndMailOutcomes) {
  using K = AttemptOutcome::Kind;
  EXPECT_EQ(classify_http({true, 204, ""}, true), K::kDelivered);
  EXPECT_EQ(classify_http({true, 301, ""}, true), K::kRetry);
  EXPECT_EQ(classify_http({true, 404, ""}, true), K::kDead);
  EXPECT_EQ(classify_http({true, 410, ""}, true), K::kUnsubscribe);
  EXPECT_EQ(classify_http({true, 410, ""}, false), K::kDead);  // admin routes stay
  EXPECT_EQ(classify_http({true, 429, ""}, true), K::kRetry);
  EXPECT_EQ(classify_http({true, 408, ""}, true), K::kRetry);
  EXPECT_EQ(classify_http({true, 502, ""}, true), K::kRetry);
  EXPECT_EQ(classify_http({false, 0, "timeout"}, true), K::kRetry);
  EXPECT_EQ(classify_mail({true, 250, ""}), K::kDelivered);
  EXPECT_EQ(classify_mail({true, 550, "rejected"}), K::kDead);
  EXPECT_EQ(classify_mail({true, 451, "later"}), K::kRetry);
  EXPECT_EQ(classify_mail({false, 0, "refused"}), K::kRetry);
}

}  // namespace
}  // namespace pharos::notify
