#include "storage/results_store.h"

#include <gtest/gtest.h>

#include "support/stored_results.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Instant kDay = testing::kResultsDay;

StoredResult at(Instant when, CheckOutcome outcome, std::int64_t latency_ms) {
  return testing::stored_result("api", when, outcome, latency_ms);
}

TEST(LatencyHistogramTest, QuantilesAreBucketUpperBounds) {
  LatencyHistogram h;
  EXPECT_FALSE(h.quantile_ms(0.5));
  for (int i = 0; i < 98; ++i) h.add(40'000);  // 40 ms → the 50 ms bucket
  h.add(900'000);                              // → 1000
  h.add(60'000'000);                           // beyond the last bound
  EXPECT_EQ(h.quantile_ms(0.50), 50);
  EXPECT_EQ(h.quantile_ms(0.99), 1000);
  EXPECT_EQ(h.quantile_ms(1.0), 30000);
  EXPECT_EQ(LatencyHistogram::decode(h.encode()).counts, h.counts);
}

TEST(ResultsStoreTest, BatchesFoldIntoMinuteHourAndDayRollups) {
  testing::TempDir dir;
  auto store = open_results_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  ResultsStore& s = **store;
  // 10:00 two checks, 10:01 one failure; then a gap (Pharos stopped) until 12:00.
  ASSERT_TRUE(s.write_batch({at(kDay + hours(10), CheckOutcome::kUp, 40),
                             at(kDay + hours(10) + seconds(30), CheckOutcome::kDegraded, 900)})
                  .ok());
  ASSERT_TRUE(s.write_batch({at(kDay + hours(10) + minutes(1), CheckOutcome::kDown, 0),
                             at(kDay + hours(12), CheckOutcome::kUp, 40)})
                  .ok());
  auto minutes_rows = s.rollups("api", RollupPeriod::kMinute, kDay, kDay + hours(24));
  ASSERT_TRUE(minutes_rows.ok());
  ASSERT_EQ(minutes_rows->size(), 3u) << "minutes without checks have no row: no data";
  EXPECT_EQ((*minutes_rows)[0].checks, 2);
  EXPECT_EQ((*minutes_rows)[0].degraded, 1);
  EXPECT_EQ((*minutes_rows)[1].failures, 1);
  auto hours_rows = s.rollups("api", RollupPeriod::kHour, kDay, kDay + hours(24));
  ASSERT_EQ(hours_rows->size(), 2u);
  auto eleven = s.rollups("api", RollupPeriod::kHour, kDay + hours(11), kDay + hours(12));
  EXPECT_FALSE(summarize(*eleven).uptime) << "the gap is no data, never up";
  auto day = s.rollups("api", RollupPeriod::kDay, kDay, kDay + hours(24));
  ASSERT_EQ(day->size(), 1u);
  auto summary = summarize(*day);
  EXPECT_EQ(summary.checks, 4);
  EXPECT_DOUBLE_EQ(*summary.uptime, 0.75);
  EXPECT_EQ(summary.p50_ms, 50);
  EXPECT_EQ(summary.p99_ms, 1000);
}

TEST(ResultsStoreTest, PruneDropsOldRawResultsAndMinuteRollupsButKeepsHours) {
  testing::TempDir dir;
  auto store = open_results_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok());
  ResultsStore& s = **store;
  ASSERT_TRUE(s.write_batch({at(kDay, CheckOutcome::kUp, 10),
                             at(kDay + hours(24 * 8), CheckOutcome::kUp, 10)})
                  .ok());
  auto pruned = s.prune(kDay + hours(24 * 7));
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(*pruned, 1);
  EXPECT_EQ(s.results("api", kDay, kDay + hours(24 * 9), 10)->size(), 1u);
  EXPECT_EQ(s.rollups("api", RollupPeriod::kMinute, kDay, kDay + hours(1))->size(), 0u);
  EXPECT_EQ(s.rollups("api", RollupPeriod::kHour, kDay, kDay + hours(1))->size(), 1u);
}

}  // namespace
}  // namespace pharos
