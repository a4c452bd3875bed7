// The latency histogram the results store keeps per rollup. What the store does with results is
// the conformance suite's (stores_test.cpp), on every engine.
#include "storage/results_store.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

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

}  // namespace
}  // namespace pharos
