#include "probe/prometheus_text.h"

#include <gtest/gtest.h>

namespace pharos::probe {
namespace {

constexpr const char* kText = R"(# HELP open_connections Open connections.
# TYPE open_connections gauge
open_connections{pool="main",host="a"} 120
open_connections{pool="other"} 3
open_connections_total 99
requests 1.5e3 1700000000000
escaped{path="a\"b"} 7
)";

TEST(PrometheusTextTest, FindsSeriesByNameAndLabels) {
  EXPECT_EQ(find_series_value(kText, R"(open_connections{pool="main"})"), 120);
  EXPECT_EQ(find_series_value(kText, R"(open_connections{pool="other"})"), 3);
  EXPECT_EQ(find_series_value(kText, "open_connections"), 120) << "first sample of the name";
  EXPECT_EQ(find_series_value(kText, "open_connections_total"), 99);
  EXPECT_EQ(find_series_value(kText, "requests"), 1500) << "timestamp ignored";
  EXPECT_EQ(find_series_value(kText, R"(escaped{path="a\"b"})"), 7);
}

TEST(PrometheusTextTest, MissingOrMalformedIsNullopt) {
  EXPECT_FALSE(find_series_value(kText, "nope"));
  EXPECT_FALSE(find_series_value(kText, R"(open_connections{pool="none"})"));
  EXPECT_FALSE(find_series_value("x{a=\"1\" 3\n", "x"));
  EXPECT_FALSE(find_series_value("x abc\n", "x"));
}

}  // namespace
}  // namespace pharos::probe
