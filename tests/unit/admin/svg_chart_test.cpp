#include "admin/svg_chart.h"

#include <gtest/gtest.h>

namespace pharos::admin {
namespace {

using namespace std::chrono_literals;

const Instant kMidnight = Instant(Millis(1'800'057'600'000));  // 2027-01-16 00:00 UTC, a Saturday

// A chart `id` of the `span` from kMidnight, one point per `bucket`.
ChartFrame from_midnight(std::string id, std::string title, Millis span, Millis bucket) {
  return ChartFrame{std::move(id), std::move(title), kMidnight, kMidnight + span, bucket};
}

// Ten one-minute buckets from midnight: each bucket is 65.6 wide, its centre 32.8 in.
ChartFrame ten_minutes() {
  return from_midnight("api-health-1h", "api-health latency", 10min, 1min);
}

ChartPoint point(int minute, std::int64_t p50, std::int64_t p95, std::int64_t checks = 2,
                 std::int64_t down = 0) {
  ChartPoint p;
  p.start = kMidnight + std::chrono::minutes(minute);
  p.checks = checks;
  p.down = down;
  p.p50_ms = p50;
  p.p95_ms = p95;
  return p;
}

// The d attribute of the path with this class.
std::string path_of(const std::string& svg, const std::string& cls) {
  auto at = svg.find("<path class=\"" + cls + "\" d=\"");
  if (at == std::string::npos) return "<none>";
  at = svg.find("d=\"", at) + 3;
  return svg.substr(at, svg.find('"', at) - at);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(SvgChartTest, LinesGoThroughBucketCentresScaledToANiceMaximum) {
  // p95 peaks at 80 ms → the axis tops at 100 ms: y = 180 − 168·ms/100.
  std::string svg = latency_chart_svg({point(0, 20, 50), point(1, 25, 80), point(2, 20, 40)},
                                      ten_minutes(), TimeZone::utc());
  EXPECT_EQ(path_of(svg, "p95"), "M88.8,96.0h0L154.4,45.6L220.0,112.8");
  EXPECT_EQ(path_of(svg, "p50"), "M88.8,146.4h0L154.4,138.0L220.0,146.4");
  EXPECT_NE(svg.find(">100 ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">50 ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">0 ms</text>"), std::string::npos);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"latency-chart\" "
                      "viewBox=\"0 0 720 220\" role=\"img\" "
                      "aria-labelledby=\"api-health-1h-title api-health-1h-desc\">",
                      0),
            0u);
  EXPECT_NE(svg.find("<title id=\"api-health-1h-title\">api-health latency</title>"),
            std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(SvgChartTest, BucketsWithoutDataBreakTheLineAndAreMarked) {
  // Every p95 is 50 ms, which is also the top of the axis (y = 12).
  std::string svg =
      latency_chart_svg({point(0, 20, 50), point(1, 20, 50), point(4, 20, 50), point(5, 20, 50)},
                        ten_minutes(), TimeZone::utc());
  EXPECT_EQ(path_of(svg, "p95"), "M88.8,12.0h0L154.4,12.0M351.2,12.0h0L416.8,12.0");
  // Two runs without data: minutes 2–4 and 6–10.
  EXPECT_EQ(count(svg, "<rect class=\"nodata\""), 2u);
  EXPECT_NE(svg.find("<rect class=\"nodata\" x=\"187.2\" y=\"12.0\" width=\"131.2\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title>no data 00:02\u201300:04</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>no data 00:06\u201300:10</title>"), std::string::npos);
  EXPECT_NE(svg.find("6 periods without data"), std::string::npos);
}

TEST(SvgChartTest, ABucketWhoseChecksAllFailedIsMarkedDownAndBreaksTheLine) {
  ChartPoint all_down = point(1, 0, 0, 4, 4);
  all_down.p50_ms.reset();
  all_down.p95_ms.reset();
  std::string svg = latency_chart_svg({point(0, 20, 50), all_down, point(2, 20, 50, 4, 1)},
                                      ten_minutes(), TimeZone::utc());
  EXPECT_EQ(path_of(svg, "p95"), "M88.8,12.0h0M220.0,12.0h0");
  EXPECT_EQ(count(svg, "<rect class=\"down\""), 2u);
  EXPECT_NE(svg.find("<rect class=\"down\" x=\"121.6\" y=\"12.0\" width=\"65.6\" height=\"168.0\" "
                     "fill=\"#c62828\" fill-opacity=\"0.7\"/>"),
            std::string::npos);
  EXPECT_NE(svg.find("<title>00:01\u201300:02: 4 checks, 4 down</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>00:02\u201300:03: p50 20 ms, p95 50 ms, 4 checks, 1 down</title>"),
            std::string::npos);
}

TEST(SvgChartTest, EveryTextIsEscapedAndThereIsNoScript) {
  ChartFrame frame = ten_minutes();
  frame.id = "x\"><script>";
  frame.title = "<script>alert(1)</script> & \"quotes\"";
  std::string svg = latency_chart_svg({point(0, 20, 50)}, frame, TimeZone::utc());
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"),
            std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"x&quot;&gt;&lt;script&gt;-title"), std::string::npos);
  EXPECT_EQ(svg.find("onload"), std::string::npos);
}

TEST(SvgChartTest, TimeLabelsAreInThePageZone) {
  ChartFrame day = from_midnight("day", "last 24 hours", 24h, 10min);
  std::string utc = latency_chart_svg({}, day, TimeZone::utc());
  EXPECT_NE(utc.find(">00:00</text>"), std::string::npos);
  EXPECT_NE(utc.find(">03:00</text>"), std::string::npos);
  EXPECT_EQ(count(utc, "class=\"x-label\""), 8u);

  auto kolkata = TimeZone::locate("Asia/Kolkata");  // UTC+05:30
  ASSERT_TRUE(kolkata.ok());
  std::string local = latency_chart_svg({}, day, *kolkata);
  // The first whole local 3-hour mark after 05:30 local is 06:00, 30 minutes in.
  EXPECT_NE(local.find("<text class=\"x-label\" x=\"69.7\" y=\"197.0\" text-anchor=\"middle\" "
                       "font-size=\"11\">06:00</text>"),
            std::string::npos);
  EXPECT_EQ(count(local, "class=\"x-label\""), 8u);
  EXPECT_NE(local.find(">Asia/Kolkata</text>"), std::string::npos);
  EXPECT_NE(local.find("2027-01-16 05:30"), std::string::npos);  // the description
  // Nothing measured at all: one band of no data over the whole day, no line.
  EXPECT_EQ(count(local, "<rect class=\"nodata\""), 1u);
  EXPECT_EQ(path_of(local, "p95"), "");
}

TEST(SvgChartTest, WeekWindowsAreLabelledByDay) {
  ChartFrame week = from_midnight("week", "last 7 days", 24h * 7, 1h);
  std::string svg = latency_chart_svg({}, week, TimeZone::utc());
  EXPECT_NE(svg.find(">Sat 16</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Fri 22</text>"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"x-label\""), 7u);
}

TEST(SvgChartTest, AFrameWithoutABucketDrawsAnEmptyChartInsteadOfDividingByZero) {
  ChartFrame broken = ten_minutes();
  broken.bucket = Millis(0);
  broken.to = broken.from;
  EXPECT_TRUE(chart_points({}, broken).empty());
  std::string svg = latency_chart_svg({point(0, 20, 50)}, broken, TimeZone::utc());
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(SvgChartTest, MinuteRollupsMergeIntoBucketsWithQuantilesOfTheMergedHistograms) {
  ChartFrame frame = ten_minutes();
  frame.bucket = 5min;
  std::vector<RollupRow> rows;
  for (int minute : {0, 1, 2, 7}) {
    RollupRow row;
    row.monitor = "api-health";
    row.start = kMidnight + std::chrono::minutes(minute);
    row.checks = 10;
    row.failures = minute == 7 ? 2 : 0;
    for (int i = 0; i < 8; ++i) row.latency.add(20'000);  // 25 ms bucket
    row.latency.add(minute == 2 ? 400'000 : 20'000);      // one slow check at 00:02
    row.latency.add(20'000);
    rows.push_back(row);
  }
  RollupRow outside;
  outside.start = kMidnight + 10min;  // the window is [from, to)
  outside.checks = 99;
  rows.push_back(outside);

  auto points = chart_points(rows, frame);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].start, kMidnight);
  EXPECT_EQ(points[0].checks, 30);
  EXPECT_EQ(points[0].down, 0);
  EXPECT_EQ(points[0].p50_ms, 25);
  EXPECT_EQ(points[0].p95_ms, 25);  // 1 slow check of 30 is above the 95th percentile
  EXPECT_EQ(points[1].start, kMidnight + 5min);
  EXPECT_EQ(points[1].checks, 10);
  EXPECT_EQ(points[1].down, 2);
}

}  // namespace
}  // namespace pharos::admin
