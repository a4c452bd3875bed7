// The poller's schedule and health with a scripted fetcher, a fake clock and a real SQLite store.
#include "vendor/poller.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"
#include "vendor_support.h"

namespace pharos::vendor {
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
    auto store = open_store("sqlite:" + dir_.file("pharos.db"), clock_);
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

  pharos::testing::TempDir dir_;
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
  const minutes expected[] = {minutes(2), minutes(4), minutes(8), minutes(16), minutes(30),
                              minutes(30)};
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
            "(since 2024-06-01T12:05:30Z)");
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

}  // namespace
}  // namespace pharos::vendor
