// Storing imported incidents in a real SQLite store: idempotence and merging newer versions.
#include "importer/import_store.h"

#include <gtest/gtest.h>

#include "seed_support.h"
#include "support/temp_dir.h"

namespace pharos::importer {
namespace {

using testing::parse_one;
using testing::utc;

class ImportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_store("sqlite:" + dir_.file("pharos.db"), clock_);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->load_page(Page{"", "Acme", "", "Etc/UTC"}).ok());
  }

  Incident only_incident() {
    auto all = store_->list_incidents(IncidentQuery{});
    EXPECT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 1u);
    return all->empty() ? Incident{} : all->front();
  }

  pharos::testing::TempDir dir_;
  FakeClock clock_{utc("2024-06-01T12:00:00Z")};
  std::unique_ptr<Store> store_;
};

TEST_F(ImportStoreTest, StoresEveryFieldOfTheAggregatorSeed) {
  auto imported = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto outcome = store_imported(*store_, imported, clock_.now());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->action, StoreAction::kCreated);
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

TEST_F(ImportStoreTest, ImportingTwiceChangesNothing) {
  auto imported = parse_one("seeds/003_f0b78b4ba82bb639.txt");
  ASSERT_TRUE(store_imported(*store_, imported, clock_.now()).ok());
  auto revision = store_->revision();
  auto again = store_imported(*store_, imported, clock_.now());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->action, StoreAction::kUnchanged);
  EXPECT_EQ(*store_->revision(), *revision);
  Incident i = only_incident();
  EXPECT_EQ(i.status, IncidentStatus::kPostmortem);
  ASSERT_TRUE(i.postmortem.has_value());
  EXPECT_EQ(i.postmortem->published_at, utc("2024-02-02T18:04:00Z"));
}

TEST_F(ImportStoreTest, ANewerVersionAddsOnlyTheNewUpdates) {
  auto full = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto early = full;
  early.updates.resize(3);
  early.status = IncidentStatus::kIdentified;
  early.resolved_at.reset();
  ASSERT_TRUE(store_imported(*store_, early, clock_.now()).ok());
  EXPECT_EQ(only_incident().status, IncidentStatus::kIdentified);
  auto outcome = store_imported(*store_, full, clock_.now());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_EQ(outcome->action, StoreAction::kUpdated);
  EXPECT_EQ(outcome->added_updates, 3u);
  Incident i = only_incident();
  EXPECT_EQ(i.id, outcome->incident_id);
  EXPECT_EQ(i.updates.size(), 6u);
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.resolved_at, utc("2022-04-04T13:14:00Z"));
}

TEST_F(ImportStoreTest, AnOlderSnapshotDoesNotRollTheIncidentBack) {
  auto full = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  auto early = full;
  early.updates.resize(3);
  early.status = IncidentStatus::kIdentified;
  early.resolved_at.reset();
  ASSERT_TRUE(store_imported(*store_, full, clock_.now()).ok());
  auto outcome = store_imported(*store_, early, clock_.now());
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->action, StoreAction::kUnchanged);
  Incident i = only_incident();
  EXPECT_EQ(i.status, IncidentStatus::kResolved);
  EXPECT_EQ(i.updates.size(), 6u);
}

TEST_F(ImportStoreTest, UntimedUpdatesShowAtTheNearestKnownTime) {
  ImportOptions o;
  o.date = date::year_month_day{date::year{2024}, date::month{2}, date::day{16}};
  o.zone = *TimeZone::locate("Europe/Amsterdam");
  o.vendor = "Watermelon";
  auto imported = parse_one("seeds/004_e79fdfb425a7fb9c.txt", o);
  auto outcome = store_imported(*store_, imported, clock_.now());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  Incident i = only_incident();
  EXPECT_EQ(i.name, "Watermelon incident on 2024-02-16");
  ASSERT_EQ(i.updates.size(), 7u);
  EXPECT_EQ(i.updates.front().display_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.updates[5].display_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.updates.back().display_at, utc("2024-02-16T10:55:00Z"));
}

}  // namespace
}  // namespace pharos::importer
