#include "admin/svg_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/text.h"

namespace pharos::admin {
namespace {

using std::chrono::days;
using std::chrono::hours;

constexpr double kPlotWidth = kPlotRight - kPlotLeft;
constexpr double kPlotHeight = kPlotBottom - kPlotTop;
constexpr const char* kP50Colour = "#1f6fb2";
constexpr const char* kP95Colour = "#b35c00";

// Coordinates with one decimal: enough for a 720-wide viewBox, short and stable for tests.
std::string num(double v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f", v);
  return buf.data();
}

// <line class="CLASS" x1=… x2=… y1=… y2=… stroke="STROKE" EXTRA/>, appended piece by piece.
std::string svg_line(std::string_view cls, double x1, double x2, double y1, double y2,
                     std::string_view stroke, std::string_view extra = {}) {
  std::string out = "<line class=\"";
  out.append(cls).append("\" x1=\"").append(num(x1)).append("\" x2=\"").append(num(x2));
  out.append("\" y1=\"").append(num(y1)).append("\" y2=\"").append(num(y2));
  out.append("\" stroke=\"").append(stroke).append("\"");
  if (!extra.empty()) out.append(" ").append(extra);
  return out + "/>";
}

// The chart's opening tag with its accessible name: <svg class="CLASS" … aria-labelledby=…>,
// <title> and <desc> (ids ID-title, ID-desc), all text escaped.
std::string svg_open(std::string_view cls, const std::string& chart_id, const std::string& title,
                     const std::string& description) {
  std::string id = html_escape(chart_id);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"";
  out.append(cls).append("\" viewBox=\"0 0 ").append(std::to_string(kChartWidth)).append(" ");
  out.append(std::to_string(kChartHeight)).append("\" role=\"img\" aria-labelledby=\"");
  out.append(id).append("-title ").append(id).append("-desc\">");
  out.append("<title id=\"").append(id).append("-title\">").append(html_escape(title));
  out.append("</title><desc id=\"").append(id).append("-desc\">").append(html_escape(description));
  return out + "</desc>";
}

// A horizontal grid line across the plot at pixel height `y`, labelled `label` on its left.
std::string y_grid_line(double y, const std::string& label) {
  return svg_line("grid", kPlotLeft, kPlotRight, y, y, "#ddd") + "<text class=\"y-label\" x=\"" +
         num(kPlotLeft - 6) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\" font-size=\"11\">" +
         html_escape(label) + "</text>";
}

// The smallest 1-2-5 step value ≥ v (at least 10 ms, so a flat fast service is not magnified).
std::int64_t nice_ceiling(std::int64_t v) {
  std::int64_t scale = 1;
  while (true) {
    for (std::int64_t step : {1, 2, 5}) {
      if (step * scale >= std::max<std::int64_t>(v, 10)) return step * scale;
    }
    scale *= 10;
  }
}

struct Scale {
  const ChartFrame& frame;
  std::int64_t y_max;
  std::int64_t slots() const {
    auto n = (frame.to - frame.from + frame.bucket - Millis(1)) / frame.bucket;
    return std::max<std::int64_t>(n, 1);
  }
  double x(Instant t) const {
    double span = static_cast<double>((frame.to - frame.from).count());
    double off = static_cast<double>((t - frame.from).count());
    return kPlotLeft + kPlotWidth * std::clamp(off / std::max(span, 1.0), 0.0, 1.0);
  }
  double y(std::int64_t ms) const {
    return kPlotBottom - kPlotHeight * static_cast<double>(ms) /
                             static_cast<double>(std::max<std::int64_t>(y_max, 1));
  }
  std::int64_t slot(Instant t) const { return (t - frame.from) / frame.bucket; }
  Instant slot_start(std::int64_t k) const { return frame.from + frame.bucket * k; }
};

// "14:00–14:10" in the zone ("Mon 21 14:00–15:00" for windows over two days).
std::string span_text(const Scale& s, Instant from, Instant to, const TimeZone& zone) {
  bool long_window = s.frame.to - s.frame.from > hours(48);
  const char* first = long_window ? "%a %d %H:%M" : "%H:%M";
  return format_in_zone(from, zone, first) + "\u2013" + format_in_zone(to, zone, "%H:%M");
}

// One line through the centres of consecutive buckets that have the value; a gap starts a new
// subpath. An isolated point is a zero-length segment, which round caps draw as a dot.
std::string line_path(const std::vector<ChartPoint>& points, const Scale& s,
                      std::optional<std::int64_t> ChartPoint::*value) {
  std::string d;
  std::optional<std::int64_t> previous_slot;
  for (const auto& p : points) {
    const auto& v = p.*value;
    if (!v) {
      previous_slot.reset();
      continue;
    }
    std::int64_t k = s.slot(p.start);
    double x = s.x(p.start + s.frame.bucket / 2);
    bool joined = previous_slot && *previous_slot + 1 == k;
    d += (joined ? "L" : "M") + num(x) + "," + num(s.y(*v));
    if (!joined) d += "h0";  // a dot if nothing follows; harmless when a segment does
    previous_slot = k;
  }
  return d;
}

std::string down_bands(const std::vector<ChartPoint>& points, const Scale& s) {
  std::string out;
  double width = kPlotWidth / static_cast<double>(s.slots());
  for (const auto& p : points) {
    if (p.down <= 0 || p.checks <= 0) continue;
    double share = static_cast<double>(p.down) / static_cast<double>(p.checks);
    out += "<rect class=\"down\" x=\"" + num(s.x(p.start)) + "\" y=\"" + num(kPlotTop) +
           "\" width=\"" + num(width) + "\" height=\"" + num(kPlotHeight) +
           "\" fill=\"#c62828\" fill-opacity=\"" + num(0.15 + 0.5 * share) + "\"/>";
  }
  return out;
}

std::string no_data_bands(const std::vector<ChartPoint>& points, const Scale& s,
                          const TimeZone& zone) {
  std::vector<bool> has(static_cast<std::size_t>(s.slots()), false);
  for (const auto& p : points) {
    auto k = s.slot(p.start);
    if (k >= 0 && k < s.slots()) has[static_cast<std::size_t>(k)] = true;
  }
  std::string out;
  for (std::int64_t k = 0; k < s.slots();) {
    if (has[static_cast<std::size_t>(k)]) {
      ++k;
      continue;
    }
    std::int64_t end = k;
    while (end < s.slots() && !has[static_cast<std::size_t>(end)]) ++end;
    Instant from = s.slot_start(k), to = std::min(s.slot_start(end), s.frame.to);
    out += "<rect class=\"nodata\" x=\"" + num(s.x(from)) + "\" y=\"" + num(kPlotTop) +
           "\" width=\"" + num(s.x(to) - s.x(from)) + "\" height=\"" + num(kPlotHeight) +
           "\" fill=\"#9e9e9e\" fill-opacity=\"0.15\"><title>" +
           html_escape("no data " + span_text(s, from, to, zone)) + "</title></rect>";
    k = end;
  }
  return out;
}

std::string y_axis(const Scale& s) {
  std::string out;
  for (std::int64_t ms : {std::int64_t{0}, s.y_max / 2, s.y_max}) {
    out += y_grid_line(s.y(ms), std::to_string(ms) + " ms");
  }
  return out;
}

// Ticks at whole local hours (a step keeping at most 8 labels) or local midnights.
std::string x_axis(const Scale& s, const TimeZone& zone) {
  const Millis span = s.frame.to - s.frame.from;
  Millis step = days(1);
  for (Millis candidate :
       {Millis(hours(1)), Millis(hours(2)), Millis(hours(3)), Millis(hours(6)), Millis(hours(12)),
        Millis(days(1)), Millis(days(7)), Millis(days(14)), Millis(days(28)), Millis(days(91))}) {
    if (span / candidate <= 8) {
      step = candidate;
      break;
    }
  }
  bool long_window = span > hours(48);
  std::string out;
  Millis offset = zone.offset_at(s.frame.from);
  // First tick: the first local multiple of the step at or after `from`.
  Instant local_from = s.frame.from + offset;
  Instant first = Instant(((local_from.time_since_epoch() + step - Millis(1)) / step) * step);
  for (Instant local = first; local - offset < s.frame.to; local += step) {
    Instant at = local - offset;
    out += svg_line("tick", s.x(at), s.x(at), kPlotBottom, kPlotBottom + 4, "#999");
    out += "<text class=\"x-label\" x=\"" + num(s.x(at)) + "\" y=\"" + num(kPlotBottom + 17) +
           "\" text-anchor=\"middle\" font-size=\"11\">" +
           html_escape(format_in_zone(at, zone,
                                      step > days(1) ? "%b %d"
                                      : long_window  ? "%a %d"
                                                     : "%H:%M")) +
           "</text>";
  }
  out += "<text class=\"zone\" x=\"" + num(kPlotRight) + "\" y=\"" + num(kPlotBottom + 34) +
         "\" text-anchor=\"end\" font-size=\"10\">" + html_escape(zone.name()) + "</text>";
  return out;
}

std::string tooltip_text(const ChartPoint& p, const Scale& s, const TimeZone& zone) {
  std::string text = span_text(s, p.start, p.start + s.frame.bucket, zone) + ": ";
  if (p.p50_ms) text += "p50 " + std::to_string(*p.p50_ms) + " ms, ";
  if (p.p95_ms) text += "p95 " + std::to_string(*p.p95_ms) + " ms, ";
  text += std::to_string(p.checks) + (p.checks == 1 ? " check" : " checks");
  if (p.down > 0) text += ", " + std::to_string(p.down) + " down";
  return text;
}

std::string hover_targets(const std::vector<ChartPoint>& points, const Scale& s,
                          const TimeZone& zone) {
  std::string out;
  double width = kPlotWidth / static_cast<double>(s.slots());
  for (const auto& p : points) {
    out += "<rect class=\"hit\" x=\"" + num(s.x(p.start)) + "\" y=\"" + num(kPlotTop) +
           "\" width=\"" + num(width) + "\" height=\"" + num(kPlotHeight) +
           "\" fill=\"transparent\"><title>" + html_escape(tooltip_text(p, s, zone)) +
           "</title></rect>";
  }
  return out;
}

std::string description(const std::vector<ChartPoint>& points, const Scale& s,
                        const TimeZone& zone) {
  std::int64_t down = 0;
  for (const auto& p : points) down += p.down > 0 ? 1 : 0;
  std::int64_t empty = s.slots() - static_cast<std::int64_t>(points.size());
  return "p50 and p95 latency from " + format_in_zone(s.frame.from, zone, "%Y-%m-%d %H:%M") +
         " to " + format_in_zone(s.frame.to, zone, "%Y-%m-%d %H:%M") + " (" + zone.name() +
         "); highest p95 at most " + std::to_string(s.y_max) + " ms; " + std::to_string(down) +
         " periods with failed checks; " + std::to_string(std::max<std::int64_t>(empty, 0)) +
         " periods without data.";
}

}  // namespace

// A frame every computation can divide by: a bucket of at least 1 ms, a window of at least one
// bucket (a caller's mistake draws an empty chart instead of dividing by zero).
namespace {

ChartFrame sane(ChartFrame f) {
  f.bucket = std::max(f.bucket, Millis(1));
  f.to = std::max(f.to, f.from + f.bucket);
  return f;
}

}  // namespace

std::vector<ChartPoint> chart_points(const std::vector<RollupRow>& rows,
                                     const ChartFrame& requested) {
  const ChartFrame frame = sane(requested);
  struct Bucket {
    std::int64_t checks = 0, down = 0;
    LatencyHistogram latency;
  };
  std::map<std::int64_t, Bucket> buckets;
  for (const auto& row : rows) {
    if (row.start < frame.from || row.start >= frame.to) continue;
    Bucket& b = buckets[(row.start - frame.from) / frame.bucket];
    b.checks += row.checks;
    b.down += row.failures;
    b.latency.merge(row.latency);
  }
  std::vector<ChartPoint> out;
  out.reserve(buckets.size());
  for (const auto& [k, b] : buckets) {
    ChartPoint p;
    p.start = frame.from + frame.bucket * k;
    p.checks = b.checks;
    p.down = b.down;
    p.p50_ms = b.latency.quantile_ms(0.50);
    p.p95_ms = b.latency.quantile_ms(0.95);
    out.push_back(p);
  }
  return out;
}

std::string latency_chart_svg(const std::vector<ChartPoint>& points, const ChartFrame& requested,
                              const TimeZone& zone) {
  const ChartFrame frame = sane(requested);
  std::int64_t highest = 0;
  for (const auto& p : points) highest = std::max(highest, p.p95_ms.value_or(p.p50_ms.value_or(0)));
  Scale s{frame, nice_ceiling(highest)};
  std::string out = svg_open("latency-chart", frame.id, frame.title, description(points, s, zone));
  out += no_data_bands(points, s, zone);
  out += down_bands(points, s);
  out += y_axis(s);
  out += x_axis(s, zone);
  out += "<path class=\"p95\" d=\"" + line_path(points, s, &ChartPoint::p95_ms) +
         "\" fill=\"none\" stroke=\"" + kP95Colour +
         "\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
  out += "<path class=\"p50\" d=\"" + line_path(points, s, &ChartPoint::p50_ms) +
         "\" fill=\"none\" stroke=\"" + kP50Colour +
         "\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
  out += "<text class=\"legend\" x=\"" + num(kPlotLeft) + "\" y=\"" + num(kPlotBottom + 34) +
         "\" font-size=\"10\"><tspan fill=\"" + kP50Colour +
         "\">\u2014 p50</tspan> <tspan fill=\"" + kP95Colour +
         "\">\u2014 p95</tspan> <tspan fill=\"#c62828\">\u25a0 failed checks</tspan> "
         "<tspan fill=\"#9e9e9e\">\u25a0 no data</tspan></text>";
  out += hover_targets(points, s, zone);
  out += "</svg>";
  return out;
}

namespace {

// y as a position for series charts (values are doubles, not whole milliseconds).
struct SeriesScale {
  double low, high;
  double y(double v) const {
    double span = std::max(high - low, 1e-9);
    return kPlotBottom - kPlotHeight * std::clamp((v - low) / span, 0.0, 1.0);
  }
};

std::string value_text(double v, const std::string& unit) {
  std::array<char, 32> buf{};
  bool whole = std::abs(v - std::round(v)) < 1e-9;
  std::snprintf(buf.data(), buf.size(), whole ? "%.0f" : "%.2f", v);
  return buf.data() + unit;
}

SeriesScale series_scale(const std::vector<SeriesPoint>& points, const SeriesFrame& frame) {
  if (frame.y_max > frame.y_min) return {frame.y_min, frame.y_max};
  double lowest = 0, highest = 0;
  for (const auto& p : points) {
    if (!p.value) continue;
    lowest = std::min(lowest, *p.value);
    highest = std::max(highest, *p.value);
  }
  auto ceiling = [](double v) {
    return static_cast<double>(nice_ceiling(static_cast<std::int64_t>(std::ceil(v))));
  };
  double high = highest <= 10 ? std::max(1.0, std::ceil(highest)) : ceiling(highest);
  double low = lowest < 0 ? -ceiling(-lowest) : 0.0;
  return {low, high};
}

std::string series_y_axis(const SeriesScale& s, const std::string& unit) {
  std::string out;
  for (double v : {s.low, (s.low + s.high) / 2, s.high}) {
    out += y_grid_line(s.y(v), value_text(v, unit));
  }
  return out;
}

std::string series_marks(const std::vector<SeriesPoint>& points, const Scale& x,
                         const SeriesScale& y, const SeriesFrame& frame) {
  std::string bars, line, gaps;
  bool joined = false;
  for (const auto& p : points) {
    double left = x.x(p.from), right = x.x(p.to);
    if (!p.value) {
      gaps += "<rect class=\"nodata\" x=\"" + num(left) + "\" y=\"" + num(kPlotTop) +
              "\" width=\"" + num(right - left) + "\" height=\"" + num(kPlotHeight) +
              "\" fill=\"#9e9e9e\" fill-opacity=\"0.15\"/>";
      joined = false;
      continue;
    }
    if (frame.kind == SeriesFrame::Kind::kBars) {
      double base = y.y(std::max(y.low, 0.0)), top = y.y(*p.value);
      bars += "<rect class=\"bar\" x=\"" + num(left + 0.5) + "\" y=\"" + num(std::min(base, top)) +
              "\" width=\"" + num(std::max(right - left - 1.0, 0.5)) + "\" height=\"" +
              num(std::abs(base - top)) + "\" fill=\"#1f6fb2\"/>";
    } else {
      line += (joined ? "L" : "M") + num((left + right) / 2) + "," + num(y.y(*p.value));
      if (!joined) line += "h0";
      joined = true;
    }
  }
  std::string out = gaps + bars;
  if (!line.empty()) {
    out += "<path class=\"series\" d=\"" + line +
           "\" fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" stroke-linecap=\"round\" "
           "stroke-linejoin=\"round\"/>";
  }
  return out;
}

std::string series_hover(const std::vector<SeriesPoint>& points, const Scale& x) {
  std::string out;
  for (const auto& p : points) {
    out += "<rect class=\"hit\" x=\"" + num(x.x(p.from)) + "\" y=\"" + num(kPlotTop) +
           "\" width=\"" + num(x.x(p.to) - x.x(p.from)) + "\" height=\"" + num(kPlotHeight) +
           "\" fill=\"transparent\"><title>" + html_escape(p.tooltip) + "</title></rect>";
  }
  return out;
}

}  // namespace

std::string series_chart_svg(const std::vector<SeriesPoint>& points, const SeriesFrame& frame,
                             const TimeZone& zone) {
  Instant from = points.empty() ? Instant{} : points.front().from;
  Instant to = points.empty() ? Instant{} : points.back().to;
  ChartFrame time{frame.id, frame.title, from, to, std::chrono::hours(24)};
  Scale x{sane(time), 1};
  SeriesScale y = series_scale(points, frame);
  std::string out = svg_open("series-chart", frame.id, frame.title, frame.description);
  out += series_y_axis(y, frame.unit);
  if (!points.empty()) out += x_axis(x, zone);
  out += series_marks(points, x, y, frame);
  if (frame.rule) {
    double ry = y.y(*frame.rule);
    out += svg_line("rule", kPlotLeft, kPlotRight, ry, ry, "#c62828", "stroke-dasharray=\"4 3\"");
  }
  out += series_hover(points, x);
  return out + "</svg>";
}

}  // namespace pharos::admin
