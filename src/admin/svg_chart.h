#pragma once
// Charts as inline SVG: latency from the monitor rollups, and report series (below). Pure
// functions, no I/O, no script.
//
// What it draws, in a fixed viewBox (kChartWidth × kChartHeight) so CSS can scale it:
//   - the p95 and p50 latency of every bucket as two lines through the buckets' centres; a bucket
//     without data (or whose checks all failed, so no latency) breaks the line: a gap, never a
//     line drawn across time nobody measured;
//   - a red band behind every bucket with failed checks (stronger the larger the failed share);
//   - a grey band over every run of buckets without data, with a <title> saying so;
//   - y labels in ms (0, half, top: a 1-2-5 step at or above the highest p95), x labels at whole
//     local hours or days of the page's time zone, and the zone's name;
//   - one transparent hover target per bucket with data whose <title> is the tooltip
//     ("14:00–14:10: p50 25 ms, p95 75 ms, 20 checks, 2 down").
// Accessible: role="img", aria-labelledby its <title> and <desc>; every text is escaped.
//
// Worked scenario: the last 24 h of api-health with bucket = 10 min gives 144 bucket slots. The
// minute rollups are merged ten at a time (counts added, latency histograms merged, then p50/p95
// read off the merged histogram); Pharos was stopped 02:00–03:00, so six slots have no rows: the
// lines stop at 02:00 and start again at 03:00 and a grey band with "no data 02:00–03:00" covers
// the hour; at 14:10 one node of three returned 404 for a while: that slot has 6 of 60 checks down
// and a red band.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "storage/results_store.h"

namespace pharos::admin {

inline constexpr int kChartWidth = 720;
inline constexpr int kChartHeight = 220;
// The plot area inside the viewBox; labels sit outside it.
inline constexpr double kPlotLeft = 56, kPlotRight = 712, kPlotTop = 12, kPlotBottom = 180;

// One bucket with data.
struct ChartPoint {
  Instant start{};
  std::int64_t checks = 0;
  std::int64_t down = 0;
  std::optional<std::int64_t> p50_ms, p95_ms;  // unset when every check failed
};

struct ChartFrame {
  std::string id;        // unique within the page ([a-z0-9-]); used for the aria ids
  std::string title;     // what the chart shows, for people and screen readers
  Instant from{}, to{};  // the window [from, to)
  Millis bucket{std::chrono::minutes(1)};
};

// Merges rollup rows (each no longer than `bucket`) into one point per bucket slot
// from + k·bucket that has rows, oldest first; rows outside [from, to) are ignored.
std::vector<ChartPoint> chart_points(const std::vector<RollupRow>& rows, const ChartFrame& frame);

// The <svg> element (no XML prolog), ready to be placed in an HTML page.
std::string latency_chart_svg(const std::vector<ChartPoint>& points, const ChartFrame& frame,
                              const TimeZone& zone);

// A chart of one value per period (days, weeks) of a report, as bars or a line, in the same
// viewBox, axes and hover targets as the latency chart. A point without a value is no data: a
// grey band with its tooltip, and a gap in a line. Used by the Reports page for uptime per day,
// incidents per week, the MTTR trend and error-budget burn-down.
struct SeriesPoint {
  Instant from{}, to{};
  std::optional<double> value{};
  std::string tooltip{};  // hover text, plain (escaped here)
};

struct SeriesFrame {
  std::string id{};           // unique within the page ([a-z0-9-])
  std::string title{};        // what the chart shows
  std::string description{};  // for screen readers: what it shows over which range
  enum class Kind { kBars, kLine } kind = Kind::kBars;
  // The y range; y_max <= y_min: from min(0, lowest) to a 1-2-5 step at or above the highest.
  double y_min = 0, y_max = 0;
  std::string unit{};            // after each y label: "%", " min", ""
  std::optional<double> rule{};  // a dashed line across at this value (a target, zero)
};

std::string series_chart_svg(const std::vector<SeriesPoint>& points, const SeriesFrame& frame,
                             const TimeZone& zone);

}  // namespace pharos::admin
