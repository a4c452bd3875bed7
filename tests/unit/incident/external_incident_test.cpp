// Recording incidents from outside (here: imported seed reports, through importer::to_domain) in
// a real SQLite store: idempotence by fingerprint and merging newer versions.
#include "incident/external_incident.h"

#include <gtest/gtest.h>

#include "importer/to_domain.h"
#include "support/store_fixture.h"
#include "unit/importer/seed_support.h"

namespace pharos {
namespace {

using importer::ImportedIncident;
using importer::ImportOptions;
using importer::testing::parse_one;
using importer::testing::utc;

class ExternalIncidentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Page page{"", "Acme", "", "Etc/UTC"};
    auto store = db_.open(clock_, page);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
  }

  Incident only_incident() {
    auto all = store_->list_incidents(IncidentQuery{});
    EXPECT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 1u);
    return all->empty() ? Incident{} : all->front();
  }

  // What `pharos import` does with a parsed report.
  Result<RecordOutcome> record(const ImportedIncident& imported) {
    auto fresh = importer::to_domain(imported, clock_.now());
    if (!fresh) return fresh.error();
    return record_external_incident(*store_, *fresh, ExternalMerge{}, clock_.now());
  }

  // A resolved report as its page stood three updates in: identified, not yet resolved.
  static ImportedIncident three_updates_in(ImportedIncident full) {
    full.updates.resize(3);
    full.status = IncidentStatus::kIdentified;
    full.resolved_at.reset();
    return full;
  }

  pharos::testing::StoreFixture db_;
  FakeClock clock_{utc("2024-06-01T12:00:00Z")};
  std::unique_ptr<Store> store_;
};

TEST_F(ExternalIncidentTest, StoresEveryFieldOfTheAggregatorSeed) {
  auto imported = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto outcome = record(imported);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->action, RecordAction::kCreated);
  Incident i = only_incident();
  EXPECT_EQ(i.id, outcome->incident_id);
  EXPECT_EQ(i.name, "Degraded Performance");
  EXPECT_EQ(i.source, IncidentSource::kImported);
  EXPECT_EQ(i.vendor, "ThinkLink");
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.impact, Impact::kMinor);
  EXPECT_EQ(i.started_at, utc("2022-04-01T18:15:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2022-04-04T13:14:00Z"));
  EXPECT_EQ(i.detected_at, utc("2022-04-01T18:15:00Z"));
  EXPECT_EQ(i.monitoring_at, utc("2022-04-04T12:46:00Z"));
  EXPECT_EQ(i.external_components, std::vector<std::string>{"ThinkLink Platform"});
  EXPECT_TRUE(i.component_ids.empty());
  EXPECT_EQ(i.fingerprint, "ThinkLink|Degraded Performance|2022-04-01T18:15:00Z");
  ASSERT_EQ(i.updates.size(), 6u);
  EXPECT_EQ(i.updates[5].display_at, utc("2022-04-04T13:14:00Z"));
  EXPECT_EQ(i.updates[5].author, "import:ThinkLink");
  EXPECT_FALSE(i.updates[5].deliver_notifications);
}

TEST_F(ExternalIncidentTest, ImportingTwiceChangesNothing) {
  auto imported = parse_one("seeds/003_f0b78b4ba82bb639.txt");
  ASSERT_TRUE(record(imported).ok());
  auto revision = store_->revision();
  auto again = record(imported);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->action, RecordAction::kUnchanged);
  EXPECT_EQ(*store_->revision(), *revision);
  Incident i = only_incident();
  EXPECT_EQ(i.status, IncidentStatus::kPostmortem);
  ASSERT_TRUE(i.postmortem.has_value());
  EXPECT_EQ(i.postmortem->published_at, utc("2024-02-02T18:04:00Z"));
}

TEST_F(ExternalIncidentTest, ANewerVersionAddsOnlyTheNewUpdates) {
  auto full = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto early = three_updates_in(full);
  ASSERT_TRUE(record(early).ok());
  EXPECT_EQ(only_incident().status, IncidentStatus::kIdentified);
  auto outcome = record(full);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->action, RecordAction::kUpdated);
  EXPECT_EQ(outcome->added_updates, 3u);
  Incident i = only_incident();
  EXPECT_EQ(i.id, outcome->incident_id);
  EXPECT_EQ(i.updates.size(), 6u);
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.resolved_at, utc("2022-04-04T13:14:00Z"));
}

TEST_F(ExternalIncidentTest, AnOlderSnapshotDoesNotRollTheIncidentBack) {
  auto full = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto early = three_updates_in(full);
  ASSERT_TRUE(record(full).ok());
  auto outcome = record(early);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->action, RecordAction::kUnchanged);
  Incident i = only_incident();
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.updates.size(), 6u);
}

TEST_F(ExternalIncidentTest, UntimedUpdatesShowAtTheNearestKnownTime) {
  ImportOptions o = importer::testing::read_on(date::year{2024} / 2 / 16, "Europe/Amsterdam");
  o.vendor = "Watermelon";
  auto imported = parse_one("seeds/004_e79fdfb425a7fb9c.txt", o);
  auto outcome = record(imported);
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  Incident i = only_incident();
  EXPECT_EQ(i.name, "Watermelon incident on 2024-02-16");
  ASSERT_EQ(i.updates.size(), 7u);
  EXPECT_EQ(i.updates.front().display_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.updates[5].display_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.updates.back().display_at, utc("2024-02-16T10:55:00Z"));
}

// The vendor poller's two differences, on bare values.
Incident external(const std::string& body, Instant at) {
  Incident i;
  i.id = "fresh";
  i.name = "CDN errors";
  i.status = IncidentStatus::kInvestigating;
  i.fingerprint = "vendor:acme:p1";
  IncidentUpdate u;
  u.id = "u-" + body;
  u.status = IncidentStatus::kInvestigating;
  u.body = body;
  u.display_at = at;
  i.updates.push_back(u);
  i.detected_at = at;
  return i;
}

TEST(ExternalMergeTest, AVendorIncidentKeepsWhenPharosFirstSawIt) {
  Incident stored = external("Looking", utc("2024-06-01T10:00:00Z"));
  Incident fresh = external("Looking", utc("2024-06-01T10:00:00Z"));
  fresh.detected_at = utc("2024-06-01T10:05:00Z");
  std::size_t added = 0;
  Incident kept = stored;
  EXPECT_FALSE(merge_external(kept, fresh, {.keep_detected_at = true}, added));
  EXPECT_EQ(kept.detected_at, utc("2024-06-01T10:00:00Z"));
  Incident taken = stored;
  EXPECT_TRUE(merge_external(taken, fresh, {}, added));
  EXPECT_EQ(taken.detected_at, utc("2024-06-01T10:05:00Z"));
}

TEST(ExternalMergeTest, TimelessUpdatesMatchByStatusAndBodyAlone) {
  Incident stored = external("Looking", utc("2024-06-01T10:00:00Z"));
  Incident fresh = external("Looking", utc("2024-06-01T10:02:00Z"));
  std::size_t added = 0;
  Incident timeless = stored;
  merge_external(timeless, fresh, {.timeless_updates = true}, added);
  EXPECT_EQ(added, 0u);
  EXPECT_EQ(timeless.updates.size(), 1u);
  Incident timed = stored;
  merge_external(timed, fresh, {}, added);
  EXPECT_EQ(added, 1u);
  EXPECT_EQ(timed.updates.size(), 2u);
}

}  // namespace
}  // namespace pharos
