// The vendor poller over real HTTP: libcurl against a mock vendor on loopback that plays the
// recorded Statuspage sequence, storing into a real SQLite store.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <thread>

#include "support/mock_vendor.h"
#include "support/store_fixture.h"
#include "vendor_status/changes.h"
#include "vendor_status/fetcher.h"
#include "vendor_status/poller.h"

namespace pharos::vendor_status {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class VendorPollerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(mock_.ok()) << mock_.error();
    spec_.slug = "acme";
    spec_.name = "Acme Cloud";
    spec_.url = mock_.url();
    spec_.components = {"CDN", "DNS"};
    spec_.interval = seconds(60);
    spec_.timeout = seconds(5);
    open();
  }

  void open() {
    poller_.reset();
    store_.reset();
    auto store = db_.open(clock_);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    PollerOptions options;
    options.max_body = 64 * 1024;
    poller_ = std::make_unique<VendorPoller>(*store_, clock_, fetcher_,
                                             std::vector<VendorSpec>{spec_}, options);
  }

  void control(const std::string& query) {
    auto r = fetcher_.fetch(FetchRequest{mock_.url("/_control?" + query), "", "", seconds(5)});
    ASSERT_TRUE(r.ok() && r->status == 200) << query;
  }

  VendorHealth poll() {
    auto h = poller_->poll_now("acme");
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : VendorHealth{};
  }

  // The requests the mock logged for `path`, oldest first.
  boost::json::array requests(std::string_view path = "/api/v2/incidents.json") {
    auto r = fetcher_.fetch(FetchRequest{mock_.url("/_log"), "", "", seconds(5)});
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {};
    boost::json::value all = boost::json::parse(r->body);
    boost::json::array& entries = all.as_array();
    auto other = [&](const boost::json::value& e) { return e.at("path").as_string() != path; };
    entries.erase(std::remove_if(entries.begin(), entries.end(), other), entries.end());
    return entries;
  }

  std::vector<Incident> stored() {
    auto all = store_->list_incidents(IncidentQuery{});
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<Incident>{};
  }

  std::optional<Incident> p1() {
    auto found = store_->find_incident_by_fingerprint("vendor:acme:p1");
    return found.ok() ? *found : std::nullopt;
  }

  pharos::testing::MockVendor mock_;
  pharos::testing::StoreFixture db_;
  SystemClock clock_;
  CurlFetcher fetcher_;
  VendorSpec spec_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<VendorPoller> poller_;
};

TEST_F(VendorPollerIntegrationTest, PlaysTheSequenceWithConditionalRequestsAndNoDuplicates) {
  control("step=0");
  EXPECT_EQ(poll().state, VendorState::kOk);
  ASSERT_EQ(stored().size(), 1u) << "o1 (DNS); d1 is about Dashboard, which does not matter";
  auto h = poll();
  EXPECT_EQ(h.not_modified, 1u);
  auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_TRUE(log[0].at("if_none_match").is_null());
  EXPECT_FALSE(log[1].at("if_none_match").is_null()) << "the ETag is sent back";
  EXPECT_FALSE(log[1].at("if_modified_since").is_null()) << "and Last-Modified";
  EXPECT_EQ(log[1].at("status").as_int64(), 304);

  control("step=1");
  Instant before = clock_.now();
  h = poll();
  Instant after = clock_.now();
  EXPECT_EQ(h.open_incidents, 1u);
  EXPECT_EQ(h.next_poll - *h.last_success, seconds(30)) << "faster while the vendor is down";
  auto incident = p1();
  ASSERT_TRUE(incident.has_value());
  EXPECT_EQ(incident->source, IncidentSource::kVendor);
  EXPECT_EQ(incident->vendor, "acme");
  ASSERT_TRUE(incident->detected_at.has_value());
  EXPECT_GE(*incident->detected_at, before);
  EXPECT_LE(*incident->detected_at, after);
  EXPECT_EQ(incident->started_at, *parse_iso8601("2024-06-01T11:58:00Z"));
  const Instant detected = *incident->detected_at;

  for (const char* s : {"step=2", "step=3", "step=4"}) {
    control(s);
    EXPECT_EQ(poll().state, VendorState::kOk) << s;
  }
  incident = p1();
  ASSERT_TRUE(incident.has_value());
  EXPECT_EQ(incident->status, IncidentStatus::kPostmortem) << "resolved, post-mortem published";
  EXPECT_EQ(incident->resolved_at, *parse_iso8601("2024-06-01T12:20:00Z"));
  EXPECT_EQ(incident->updates.size(), 3u);
  EXPECT_TRUE(incident->postmortem.has_value());

  open();  // a restart: new store connection, new poller, no ETag in memory
  h = poll();
  EXPECT_EQ(h.incidents_created, 0u);
  EXPECT_EQ(h.incidents_updated, 0u);
  EXPECT_EQ(stored().size(), 2u);
  EXPECT_EQ(p1()->updates.size(), 3u);
  EXPECT_EQ(p1()->detected_at, detected);
  EXPECT_TRUE(requests().back().at("if_none_match").is_null()) << "the first poll after a restart";
}

TEST_F(VendorPollerIntegrationTest, BacksOffOn5xxAndKeepsHistoryThroughGarbage) {
  control("step=2");
  ASSERT_EQ(poll().state, VendorState::kOk);
  const size_t updates = p1()->updates.size();

  control("mode=error");
  auto h = poll();
  EXPECT_EQ(h.state, VendorState::kUnreachable);
  EXPECT_EQ(h.reason, "HTTP 503");
  EXPECT_EQ(h.next_poll - *h.last_attempt, seconds(60));
  h = poll();
  EXPECT_EQ(h.next_poll - *h.last_attempt, seconds(120)) << "backoff doubles";
  EXPECT_NE(h.describe().find("source unreachable since "), std::string::npos);

  for (const char* mode : {"mode=html", "mode=truncate", "mode=huge"}) {
    control(mode);
    h = poll();
    EXPECT_EQ(h.state, VendorState::kBadDocument) << mode << ": " << h.reason;
    EXPECT_EQ(p1()->updates.size(), updates) << mode;
  }
  EXPECT_EQ(h.reason, "the response is larger than the 65536-byte limit");
  control("mode=ok&step=3");
  h = poll();
  EXPECT_EQ(h.state, VendorState::kOk);
  EXPECT_EQ(p1()->status, IncidentStatus::kResolved);
}

TEST_F(VendorPollerIntegrationTest, AHangingVendorTimesOut) {
  spec_.timeout = milliseconds(500);
  open();
  control("mode=hang");
  auto started = std::chrono::steady_clock::now();
  auto h = poll();
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(5));
  EXPECT_EQ(h.state, VendorState::kUnreachable);
  EXPECT_NE(h.reason.find("Timeout"), std::string::npos) << h.reason;
}

TEST_F(VendorPollerIntegrationTest, TheThreadPollsUntilStopped) {
  control("step=1");
  spec_.interval = milliseconds(100);
  open();
  poller_->start();
  for (int i = 0; i < 100 && poller_->health("acme")->polls < 2; ++i) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  poller_->stop();
  EXPECT_GE(poller_->health("acme")->polls, 2u);
  EXPECT_TRUE(p1().has_value());
}

}  // namespace
}  // namespace pharos::vendor_status

namespace pharos::vendor_status {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_F(VendorPollerIntegrationTest, HonoursRetryAfterOn429) {
  control("mode=limit");
  auto h = poll();
  EXPECT_EQ(h.state, VendorState::kUnreachable);
  EXPECT_EQ(h.reason, "HTTP 429");
  ASSERT_TRUE(h.last_attempt.has_value());
  EXPECT_EQ(h.next_poll - *h.last_attempt, seconds(120)) << "the vendor's wish beats 1×60s";
}

TEST_F(VendorPollerIntegrationTest, ARestartSendsTheSavedValidatorsAndKeepsTheHealth) {
  auto state = open_vendor_store(db_.url());
  ASSERT_TRUE(state.ok()) << state.error().describe();
  control("step=1");
  auto make = [&] {
    poller_ = std::make_unique<VendorPoller>(
        *store_, clock_, fetcher_, std::vector<VendorSpec>{spec_}, PollerOptions{}, state->get());
  };
  make();
  EXPECT_EQ(poll().state, VendorState::kOk);
  make();  // a restart: a new poller over the same database
  auto restored = *poller_->health("acme");
  EXPECT_EQ(restored.state, VendorState::kOk);
  EXPECT_EQ(restored.document_kind, "Statuspage JSON");
  EXPECT_EQ(restored.open_incidents, 1u);
  EXPECT_EQ(poll().not_modified, 1u);
  auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_TRUE(log[0].at("if_none_match").is_null());
  EXPECT_FALSE(log[1].at("if_none_match").is_null()) << "the saved ETag was sent";
  EXPECT_EQ(log[1].at("status").as_int64(), 304);
  EXPECT_EQ(stored().size(), 2u) << "p1 and o1 once (d1 is about Dashboard)";
}

TEST_F(VendorPollerIntegrationTest, FollowsTheVendorsComponentStatusesConditionally) {
  auto state = open_vendor_store(db_.url());
  ASSERT_TRUE(state.ok()) << state.error().describe();
  poller_ = std::make_unique<VendorPoller>(
      *store_, clock_, fetcher_, std::vector<VendorSpec>{spec_}, PollerOptions{}, state->get());
  auto components = [&] { return *(*state)->vendor_components("acme"); };
  control("step=0");
  EXPECT_EQ(poll().components, 2u);
  auto quiet = components();
  ASSERT_EQ(quiet.size(), 2u) << "CDN and DNS; Dashboard does not matter and Edge is a group";
  EXPECT_EQ(quiet[0].name, "CDN");
  EXPECT_EQ(quiet[0].group, "Edge");
  EXPECT_EQ(quiet[0].status, ComponentStatus::kOperational);

  control("step=1");
  Instant before = clock_.now();
  auto h = poll();
  EXPECT_EQ(h.components_reason, "");
  auto down = components();
  ASSERT_EQ(down.size(), 2u);
  EXPECT_EQ(down[0].status, ComponentStatus::kPartialOutage);
  EXPECT_GE(down[0].changed_at, before);
  EXPECT_EQ(down[0].vendor_updated_at, *parse_iso8601("2024-06-01T12:01:00Z"));
  EXPECT_EQ(down[1].changed_at, quiet[1].changed_at) << "DNS did not change";

  poll();  // nothing changed: both documents answer 304
  auto summary = requests("/api/v2/summary.json");
  ASSERT_EQ(summary.size(), 3u);
  EXPECT_FALSE(summary[2].at("if_none_match").is_null());
  EXPECT_EQ(summary[2].at("status").as_int64(), 304);

  control("step=3");
  poll();
  EXPECT_EQ(components()[0].status, ComponentStatus::kOperational);
  control("mode=html");
  EXPECT_EQ(poll().state, VendorState::kBadDocument);
  EXPECT_EQ(components()[0].status, ComponentStatus::kOperational) << "kept through garbage";
}

// DNS goes down with no incident on the vendor's page: Pharos records one, follows it through a
// restart without duplicating it and resolves it when DNS is back. CDN, down at step 1 while the
// vendor's own p1 names it, gets none.
TEST_F(VendorPollerIntegrationTest, AComponentDownWithoutAnIncidentBecomesOne) {
  auto state = open_vendor_store(db_.url());
  ASSERT_TRUE(state.ok()) << state.error().describe();
  auto with_state = [&] {
    poller_ = std::make_unique<VendorPoller>(
        *store_, clock_, fetcher_, std::vector<VendorSpec>{spec_}, PollerOptions{}, state->get());
  };
  auto ours = [&](const std::string& component) {
    std::vector<Incident> out;
    for (auto& i : stored()) {
      if (i.fingerprint.rfind(component_fingerprint_prefix("acme", component), 0) == 0) {
        out.push_back(i);
      }
    }
    return out;
  };
  with_state();
  control("step=1");
  poll();
  EXPECT_TRUE(ours("CDN").empty()) << "p1 already says CDN is down";

  control("step=3&dns=major_outage");
  Instant before = clock_.now();
  poll();
  Instant after = clock_.now();
  ASSERT_EQ(ours("DNS").size(), 1u);
  Incident dns = ours("DNS")[0];
  EXPECT_EQ(dns.name, "DNS: major outage");
  EXPECT_EQ(dns.status, IncidentStatus::kInvestigating);
  ASSERT_TRUE(dns.detected_at.has_value());
  EXPECT_GE(*dns.detected_at, before);
  EXPECT_LE(*dns.detected_at, after);
  EXPECT_EQ(dns.external_components, std::vector<std::string>{"DNS"});

  poll();        // both documents answer 304
  with_state();  // a restart
  poll();        // the first poll after a restart reads summary.json again
  ASSERT_EQ(ours("DNS").size(), 1u) << "not duplicated";
  EXPECT_EQ(ours("DNS")[0].updates.size(), 1u);

  control("dns=operational");
  poll();
  ASSERT_EQ(ours("DNS").size(), 1u);
  EXPECT_EQ(ours("DNS")[0].status, IncidentStatus::kResolved);
  EXPECT_TRUE(ours("DNS")[0].resolved_at.has_value());
  EXPECT_TRUE(ours("CDN").empty());
}

// Two vendors, each on its own mock, polled into one store: one vendor's trouble must leave the
// other alone.
class TwoVendorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(first_mock_.ok() && second_mock_.ok());
    auto store = db_.open(clock_);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
  }

  // A vendor `slug` polled at `mock`, with the default interval and timeout.
  static VendorSpec vendor(const std::string& slug, const pharos::testing::MockVendor& mock) {
    VendorSpec spec;
    spec.slug = slug;
    spec.url = mock.url();
    return spec;
  }

  void control(pharos::testing::MockVendor& mock, const std::string& query) {
    auto r = fetcher_.fetch(FetchRequest{mock.url("/_control?" + query), "", "", seconds(5)});
    ASSERT_TRUE(r.ok() && r->status == 200) << query;
  }

  pharos::testing::MockVendor first_mock_;
  pharos::testing::MockVendor second_mock_;
  CurlFetcher fetcher_;
  pharos::testing::StoreFixture db_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
};

class VendorBadInputTest : public TwoVendorsTest {};
class VendorConcurrencyTest : public TwoVendorsTest {};

// Two vendors polled together: one turns to HTML, truncated JSON and invented future times; each
// time it is in error with the reason, its stored history stays as it was, and the other vendor
// goes on (its incident is recorded and resolved meanwhile).
TEST_F(VendorBadInputTest, ABrokenVendorKeepsItsHistoryAndLeavesTheOtherAlone) {
  auto& broken_mock = first_mock_;
  auto& good_mock = second_mock_;
  VendorPoller poller(*store_, clock_, fetcher_,
                      {vendor("broken", broken_mock), vendor("good", good_mock)});
  auto history = [&](const std::string& slug) {
    IncidentQuery q;
    q.source = IncidentSource::kVendor;
    q.vendor = slug;
    auto all = store_->list_incidents(q);
    EXPECT_TRUE(all.ok());
    std::vector<std::pair<std::string, std::size_t>> out;  // fingerprint, updates
    for (const auto& i : *all) out.emplace_back(i.fingerprint, i.updates.size());
    std::sort(out.begin(), out.end());
    return out;
  };
  control(broken_mock, "step=2");
  control(good_mock, "step=1");
  ASSERT_TRUE(poller.poll_now("broken").ok());
  ASSERT_TRUE(poller.poll_now("good").ok());
  const auto kept = history("broken");
  ASSERT_EQ(kept.size(), 3u);

  struct Case {
    const char* mode;
    const char* reason_starts;
    int good_step;
  };
  const Case cases[] = {
      {"mode=html", "not Statuspage JSON: the response is HTML", 2},
      {"mode=truncate", "not Statuspage JSON: broken:", 3},
      {"mode=future", "times in the future: 'Elevated errors on CDN' has 2031-06-01T12:", 4},
  };
  for (const auto& c : cases) {
    control(broken_mock, c.mode);
    control(good_mock, "step=" + std::to_string(c.good_step));
    ASSERT_TRUE(poller.poll_now("broken").ok());
    ASSERT_TRUE(poller.poll_now("good").ok());
    auto h = *poller.health("broken");
    EXPECT_EQ(h.state, VendorState::kBadDocument) << c.mode;
    EXPECT_EQ(h.reason.rfind(c.reason_starts, 0), 0u) << c.mode << ": " << h.reason;
    EXPECT_EQ(history("broken"), kept) << c.mode << ": history intact";
    EXPECT_EQ(poller.health("good")->state, VendorState::kOk) << c.mode;
  }
  auto p1 = store_->find_incident_by_fingerprint("vendor:good:p1");
  ASSERT_TRUE(p1.ok() && p1->has_value());
  EXPECT_EQ((*p1)->status, IncidentStatus::kPostmortem) << "the good vendor's sequence went on";
  EXPECT_EQ((*p1)->updates.size(), 3u);
}

TEST_F(VendorConcurrencyTest, AHangingVendorDelaysNoOther) {
  auto& slow_mock = first_mock_;
  auto& fast_mock = second_mock_;
  auto hang =
      fetcher_.fetch(FetchRequest{slow_mock.url("/_control?mode=hang"), "", "", seconds(5)});
  ASSERT_TRUE(hang.ok());
  VendorSpec slow = vendor("slow", slow_mock);
  slow.timeout = seconds(4);
  VendorSpec fast = vendor("fast", fast_mock);
  fast.timeout = slow.timeout;
  fast.interval = milliseconds(200);
  VendorPoller poller(*store_, clock_, fetcher_, {slow, fast});
  auto started = std::chrono::steady_clock::now();
  poller.start();
  // The fast vendor is polled again and again while the slow one's first fetch hangs.
  for (int i = 0; i < 60 && poller.health("fast")->polls < 3; ++i) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(poller.health("fast")->polls, 3u);
  EXPECT_EQ(poller.health("fast")->state, VendorState::kOk);
  EXPECT_EQ(poller.health("slow")->state, VendorState::kPending) << "still in flight";
  EXPECT_LT(waited, seconds(3));
  poller.stop();
}

}  // namespace
}  // namespace pharos::vendor_status
