// The poller's schedule and health with a scripted fetcher, a fake clock and a real SQLite store.
#include "vendor_status/poller.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "support/store_fixture.h"
#include "support/temp_dir.h"
#include "vendor_support.h"

namespace pharos::vendor_status {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::kAcmeUrl;
using testing::step;
using testing::utc;

VendorSpec acme() {
  VendorSpec s;
  s.slug = "acme";
  s.name = "Acme Cloud";
  s.url = "https://status.acme-cloud.example";
  return s;
}

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = db_.open(clock_);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
  }

  std::unique_ptr<VendorPoller> poller(std::vector<VendorSpec> vendors = {acme()}) {
    return std::make_unique<VendorPoller>(*store_, clock_, fetcher_, std::move(vendors));
  }

  size_t stored_updates() {
    auto all = store_->list_incidents(IncidentQuery{});
    size_t n = 0;
    for (const auto& i : *all) n += i.updates.size();
    return n;
  }

  pharos::testing::StoreFixture db_;
  FakeClock clock_{utc("2024-06-01T12:00:00Z")};
  std::unique_ptr<Store> store_;
  testing::ScriptedFetcher fetcher_;
};

TEST_F(PollerTest, SendsTheLastETagAndCountsNotModified) {
  auto p = poller();
  fetcher_.ok(step("0_quiet"), "\"v1\"");
  fetcher_.status(304);
  EXPECT_EQ(p->poll_due(), clock_.now() + minutes(2));
  EXPECT_EQ(p->poll_due(), clock_.now() + minutes(2)) << "nothing due yet: no request";
  ASSERT_EQ(fetcher_.requests.size(), 1u);
  EXPECT_EQ(fetcher_.requests[0].url, kAcmeUrl);
  EXPECT_EQ(fetcher_.requests[0].etag, "");
  clock_.advance(minutes(2));
  p->poll_due();
  ASSERT_EQ(fetcher_.requests.size(), 2u);
  EXPECT_EQ(fetcher_.requests[1].etag, "\"v1\"");
  auto h = *p->health("acme");
  EXPECT_EQ(h.state, VendorState::kOk);
  EXPECT_EQ(h.not_modified, 1u);
  EXPECT_EQ(h.polls, 2u);
  EXPECT_EQ(h.document_kind, "Statuspage JSON");
}

TEST_F(PollerTest, PollsFasterWhileTheVendorHasAnOpenIncident) {
  auto p = poller();
  fetcher_.ok(step("1_incident"));
  fetcher_.status(304);
  fetcher_.ok(step("3_resolved"));
  EXPECT_EQ(p->poll_due(), clock_.now() + seconds(30));
  EXPECT_EQ(p->health("acme")->open_incidents, 1u);
  clock_.advance(seconds(30));
  EXPECT_EQ(p->poll_due(), clock_.now() + seconds(30)) << "304 keeps the incident open";
  clock_.set(utc("2024-06-01T12:21:00Z"));
  EXPECT_EQ(p->poll_due(), clock_.now() + minutes(2));
  EXPECT_EQ(p->health("acme")->open_incidents, 0u);
}

TEST_F(PollerTest, BacksOffExponentiallyOnServerErrorsAndRecovers) {
  auto p = poller();
  const Instant start = clock_.now();
  for (int i = 0; i < 6; ++i) fetcher_.status(503);
  fetcher_.ok(step("0_quiet"));
  const minutes expected[] = {minutes(2),  minutes(4),  minutes(8),
                              minutes(16), minutes(30), minutes(30)};
  for (auto delay : expected) {
    Instant next = p->poll_due();
    EXPECT_EQ(next - clock_.now(), delay);
    clock_.set(next);
  }
  auto h = *p->health("acme");
  EXPECT_EQ(h.state, VendorState::kUnreachable);
  EXPECT_EQ(h.consecutive_failures, 6);
  EXPECT_EQ(h.describe(), "source unreachable since 2024-06-01T12:00:00Z (HTTP 503)");
  EXPECT_EQ(h.error_since, start);
  EXPECT_EQ(p->poll_due() - clock_.now(), minutes(2));
  h = *p->health("acme");
  EXPECT_EQ(h.state, VendorState::kOk);
  EXPECT_EQ(h.describe(), "ok");
  EXPECT_FALSE(h.error_since.has_value());
}

TEST_F(PollerTest, GarbageMarksTheVendorInErrorAndKeepsItsHistory) {
  auto p = poller();
  fetcher_.ok(step("2_update"), "\"v2\"");
  fetcher_.ok("<!DOCTYPE html><html><title>Maintenance</title></html>", "\"html\"");
  fetcher_.ok(step("2_update").substr(0, 300), "\"cut\"");
  clock_.set(utc("2024-06-01T12:05:00Z"));
  p->poll_due();
  ASSERT_EQ(stored_updates(), 6u) << "p1: 2, o1: 2, d1: 2";
  clock_.advance(seconds(30));
  p->poll_due();
  auto h = *p->health("acme");
  EXPECT_EQ(h.state, VendorState::kBadDocument);
  EXPECT_EQ(h.describe(),
            "not Statuspage JSON: the response is HTML (<!DOCTYPE html><html><title>Maintenance<…) "
            "the importer cannot read: acme:1: expected an incident report: an aggregator page "
            "('Update timeline'), a Statuspage page ('Incident Report for …'), an Instatus page "
            "('- ResolvedResolved' labels) or Statuspage API JSON (since 2024-06-01T12:05:30Z)");
  clock_.set(h.next_poll);
  p->poll_due();
  EXPECT_EQ(p->health("acme")->reason.rfind("not Statuspage JSON: acme:", 0), 0u)
      << p->health("acme")->reason;
  EXPECT_EQ(stored_updates(), 6u) << "history untouched";
  ASSERT_EQ(fetcher_.requests.size(), 3u);
  EXPECT_EQ(fetcher_.requests[2].etag, "\"v2\"") << "a rejected answer's ETag is not kept";
}

TEST_F(PollerTest, OneVendorsFailureLeavesTheOthersAlone) {
  VendorSpec other = acme();
  other.slug = "beta";
  other.url = "https://beta.example/history.atom";
  auto p = poller({other, acme()});
  fetcher_.error(Error::unavailable("Couldn't connect to server"), other.url);
  fetcher_.ok(step("1_incident"));
  p->poll_due();
  auto all = p->health();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].slug, "beta");
  EXPECT_EQ(all[0].describe(),
            "source unreachable since 2024-06-01T12:00:00Z (Couldn't connect to server)");
  EXPECT_EQ(all[1].state, VendorState::kOk);
  EXPECT_EQ(stored_updates(), 5u) << "p1: 1, o1: 2, d1: 2";
}

std::string import_fixture(const std::string& relative) {
  std::ifstream in(std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/import/" + relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(PollerTest, ReadsTheAtomHistoryFeedOncePerVendorIncident) {
  VendorSpec github;
  github.slug = "github";
  github.url = "https://www.githubstatus.com/history.atom";
  auto p = poller({github});
  clock_.set(utc("2025-01-02T10:20:00Z"));
  fetcher_.ok(import_fixture("feed/history.atom"), "\"a1\"", github.url);
  fetcher_.ok(import_fixture("feed/history.atom"), "\"a2\"", github.url);
  p->poll_due();
  clock_.advance(minutes(2));
  p->poll_due();
  auto h = *p->health("github");
  EXPECT_EQ(h.state, VendorState::kOk) << h.describe();
  EXPECT_EQ(h.document_kind, "Atom/RSS feed");
  EXPECT_EQ(h.incidents_created, 2u);
  EXPECT_EQ(h.incidents_updated, 0u) << "the same feed twice changes nothing";
  auto found = store_->find_incident_by_fingerprint("vendor:github:v61nk2fpysnq");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->source, IncidentSource::kVendor);
  EXPECT_EQ((*found)->source_url, "https://www.githubstatus.com/incidents/v61nk2fpysnq");
  EXPECT_EQ((*found)->detected_at, utc("2025-01-02T10:20:00Z"));
}

TEST_F(PollerTest, HealthGenerationMovesOnlyWhenWhatIsShownChanges) {
  auto p = poller();
  fetcher_.ok(step("0_quiet"));
  fetcher_.ok(step("0_quiet"));
  fetcher_.status(503);
  fetcher_.status(503);
  fetcher_.ok(step("1_incident"));
  std::vector<std::uint64_t> seen;
  for (int i = 0; i < 5; ++i) {
    clock_.set(p->poll_due());
    seen.push_back(p->health_generation());
  }
  // pending → ok, ok again, → unreachable, unreachable again, → ok with an open incident
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 1, 2, 2, 3}));
}

TEST_F(PollerTest, PollNowIgnoresTheScheduleAndKnowsItsVendors) {
  auto p = poller();
  fetcher_.ok(step("0_quiet"));
  fetcher_.ok(step("0_quiet"));
  EXPECT_TRUE(p->poll_now("acme").ok());
  auto h = p->poll_now("acme");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->polls, 2u);
  EXPECT_EQ(p->poll_now("nobody").error().code, ErrorCode::kNotFound);
}

// The poller keeps its vendors in due-time order: a wake-up fetches the vendors due then and no
// other, and a vendor polled out of turn (poll_now) is not polled again at its old time.
TEST_F(PollerTest, FetchesOnlyTheDueVendorsAndFollowsAPollOutOfTurn) {
  std::vector<VendorSpec> specs;
  for (auto [slug, every] : {std::pair{"one", 1}, {"two", 2}, {"five", 5}}) {
    VendorSpec s = acme();
    s.slug = slug;
    s.url = std::string("https://status.") + slug + ".example";
    s.interval = minutes(every);
    specs.push_back(s);
  }
  std::map<std::string, int> fetched;
  for (const auto& s : specs) {
    for (int n = 0; n < 10; ++n) fetcher_.status(304, s.url + "/api/v2/incidents.json");
  }
  auto count = [&] {
    fetched.clear();
    for (const auto& r : fetcher_.requests)
      ++fetched[r.url.substr(15, r.url.find(".example") - 15)];
    return fetched;
  };
  auto p = poller(specs);
  Instant start = clock_.now();
  EXPECT_EQ(p->poll_due(), start + minutes(1));
  EXPECT_EQ(count(), (std::map<std::string, int>{{"five", 1}, {"one", 1}, {"two", 1}}));
  clock_.set(start + minutes(1));
  EXPECT_EQ(p->poll_due(), start + minutes(2));
  EXPECT_EQ(count(), (std::map<std::string, int>{{"five", 1}, {"one", 2}, {"two", 1}}));
  ASSERT_TRUE(p->poll_now("two").ok());  // next due at 3m now, not 2m
  clock_.set(start + minutes(2));
  EXPECT_EQ(p->poll_due(), start + minutes(3));
  EXPECT_EQ(count(), (std::map<std::string, int>{{"five", 1}, {"one", 3}, {"two", 2}}));
  clock_.set(start + minutes(3));
  p->poll_due();
  EXPECT_EQ(count(), (std::map<std::string, int>{{"five", 1}, {"one", 4}, {"two", 3}}));
  clock_.set(start + minutes(5));
  p->poll_due();
  EXPECT_EQ(count(), (std::map<std::string, int>{{"five", 2}, {"one", 5}, {"two", 4}}));
}

TEST_F(PollerTest, RetryAfterOn429Or503WinsWhenLongerThanTheBackoff) {
  auto p = poller();
  FetchResponse limited;
  limited.status = 429;
  limited.retry_after = seconds(600);
  fetcher_.respond(limited);
  FetchResponse busy;
  busy.status = 503;
  busy.retry_after = seconds(5);
  fetcher_.respond(busy);
  FetchResponse greedy;
  greedy.status = 503;
  greedy.retry_after = std::chrono::hours(24);
  fetcher_.respond(greedy);
  EXPECT_EQ(p->poll_due() - clock_.now(), minutes(10)) << "600 s beats 1×2m";
  clock_.advance(minutes(10));
  EXPECT_EQ(p->poll_due() - clock_.now(), minutes(4)) << "5 s is shorter than the 2×2m backoff";
  clock_.advance(minutes(4));
  EXPECT_EQ(p->poll_due() - clock_.now(), minutes(30)) << "a day is capped at backoff_max";
}

TEST_F(PollerTest, SavedValidatorsAndHealthSurviveARestart) {
  auto state = open_vendor_store(db_.url());
  ASSERT_TRUE(state.ok()) << state.error().describe();
  auto make = [&] {
    return std::make_unique<VendorPoller>(
        *store_, clock_, fetcher_, std::vector<VendorSpec>{acme()}, PollerOptions{}, state->get());
  };
  auto p = make();
  fetcher_.ok(step("1_incident"), "\"v1\"");
  fetcher_.status(503);
  p->poll_due();
  clock_.advance(seconds(30));
  p->poll_due();
  p.reset();

  p = make();  // restart
  auto h = *p->health("acme");
  EXPECT_EQ(h.state, VendorState::kUnreachable);
  EXPECT_EQ(h.describe(), "source unreachable since 2024-06-01T12:00:30Z (HTTP 503)");
  EXPECT_EQ(h.consecutive_failures, 1);
  EXPECT_EQ(h.open_incidents, 1u);
  EXPECT_EQ(h.last_success, utc("2024-06-01T12:00:00Z"));
  fetcher_.status(304);
  p->poll_due();
  std::vector<FetchRequest> polls;  // summary.json is fetched too (unscripted here)
  for (const auto& r : fetcher_.requests) {
    if (r.url == kAcmeUrl) polls.push_back(r);
  }
  ASSERT_EQ(polls.size(), 3u);
  EXPECT_EQ(polls[2].etag, "\"v1\"") << "conditional after the restart";
  EXPECT_EQ(p->health("acme")->state, VendorState::kOk);

  VendorSpec moved = acme();
  moved.url = "https://status.acme-cloud.example/history.atom";
  p = std::make_unique<VendorPoller>(*store_, clock_, fetcher_, std::vector<VendorSpec>{moved},
                                     PollerOptions{}, state->get());
  fetcher_.status(304, moved.url);
  p->poll_due();
  EXPECT_EQ(fetcher_.requests.back().url, moved.url);
  EXPECT_EQ(fetcher_.requests.back().etag, "") << "validators of another URL are not sent";
}

TEST(RetryAfterTest, ReadsSecondsAndHttpDates) {
  const std::int64_t now = 1717243200;  // 2024-06-01T12:00:00Z
  EXPECT_EQ(parse_retry_after("120", now), seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", now), seconds(0));
  EXPECT_EQ(parse_retry_after("Sat, 01 Jun 2024 12:05:00 GMT", now), seconds(300));
  EXPECT_EQ(parse_retry_after("Sat, 01 Jun 2024 11:00:00 GMT", now), seconds(0)) << "past";
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("-5", now).has_value());
}

TEST(VendorStoreTest, ReportsComponentChangesAndKeepsWhenEachWasSeen) {
  pharos::testing::TempDir dir;
  auto store = open_vendor_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok()) << store.error().describe();
  auto component = [](const char* id, ComponentStatus status) {
    VendorComponentStatus c;
    c.component_id = id;
    c.name = std::string("Name ") + id;
    c.status = status;
    return c;
  };
  const Instant t0 = utc("2024-06-01T12:00:00Z");
  const Instant t1 = utc("2024-06-01T12:02:00Z");
  auto first = (*store)->replace_components("acme",
                                            {component("cdn", ComponentStatus::kOperational),
                                             component("dns", ComponentStatus::kOperational)},
                                            t0);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->empty()) << "a first read has nothing to compare with";
  auto second = (*store)->replace_components("acme",
                                             {component("cdn", ComponentStatus::kPartialOutage),
                                              component("dns", ComponentStatus::kOperational)},
                                             t1);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].component_id, "cdn");
  EXPECT_EQ((*second)[0].from, ComponentStatus::kOperational);
  EXPECT_EQ((*second)[0].to, ComponentStatus::kPartialOutage);
  auto now = (*store)->vendor_components("acme");
  ASSERT_TRUE(now.ok());
  ASSERT_EQ(now->size(), 2u);
  EXPECT_EQ((*now)[0].name, "Name cdn");
  EXPECT_EQ((*now)[0].changed_at, t1);
  EXPECT_EQ((*now)[1].changed_at, t0) << "unchanged keeps when it was first seen";
  EXPECT_TRUE((*store)->vendor_components("other")->empty());
}

}  // namespace
}  // namespace pharos::vendor_status
