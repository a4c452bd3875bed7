#pragma once
// A Store and a NotifyStore on one SQLite file in a temp dir, with a small catalog, a fake clock
// and fake transports that record what they were asked to send.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>

#include "core/clock.h"
#include "incident/incident_service.h"
#include "notify/transport.h"
#include "storage/notify_store.h"
#include "storage/store.h"
#include "support/store_fixture.h"

namespace pharos::notify {

class FakeHttp final : public HttpPoster {
 public:
  TransportResult post(const HttpRequest& request) override {
    std::lock_guard lock(mu_);
    requests.push_back(request);
    auto by = by_url.find(request.url);
    if (by != by_url.end() && !by->second.empty()) {
      TransportResult r = by->second.front();
      by->second.pop_front();
      return r;
    }
    if (scripted.empty()) return {true, 200, ""};
    TransportResult r = scripted.front();
    scripted.pop_front();
    return r;
  }
  std::string header(size_t i, const std::string& name) const {
    for (const auto& [k, v] : requests.at(i).headers) {
      if (k == name) return v;
    }
    return {};
  }
  // Answers for one URL, in order; then answers in order for any URL; then 200.
  std::map<std::string, std::deque<TransportResult>> by_url;
  std::deque<TransportResult> scripted;
  const HttpRequest* find(const std::string& url) const {
    for (const auto& r : requests) {
      if (r.url == url) return &r;
    }
    return nullptr;
  }
  std::vector<HttpRequest> requests;
  std::mutex mu_;
};

class FakeMail final : public MailSender {
 public:
  TransportResult send(const MailRequest& request) override {
    sent.push_back(request);
    return {true, 250, ""};
  }
  std::vector<MailRequest> sent;
};

inline TransportResult http_status(long code) {
  return {true, code, code >= 200 && code < 300 ? "" : "HTTP " + std::to_string(code)};
}

class NotifyFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    page_ = {"", "Acme", "https://status.acme.example", "Etc/UTC"};
    auto store = db_.open(clock_, page_, {{"platform", "Platform", "", 1}},
                          {testing::component("api", "API", "platform", 1),
                           testing::component("db", "Database", "", 1)});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    auto notify = open_notify_store(db_.url());
    ASSERT_TRUE(notify.ok()) << notify.error().message;
    notify_ = std::move(*notify);
    incidents_ = std::make_unique<IncidentService>(*store_, clock_);
  }

  // Every event in the outbox, oldest first.
  std::vector<OutboxEvent> events() {
    auto e = notify_->unfanned_events(10000);
    EXPECT_TRUE(e.ok());
    return e.ok() ? *e : std::vector<OutboxEvent>{};
  }

  Incident open_incident(const std::string& title, ComponentStatus api_status) {
    NewIncident req;
    req.name = title;
    req.body = "Investigating " + title;
    req.component_statuses = {{"api", api_status}};
    auto incident = incidents_->open(req, "test");
    EXPECT_TRUE(incident.ok()) << incident.error().message;
    return *incident;
  }

  FakeClock clock_{Instant(std::chrono::milliseconds(1700000000000))};
  testing::StoreFixture db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<NotifyStore> notify_;
  std::unique_ptr<IncidentService> incidents_;
  Page page_;
};

}  // namespace pharos::notify
