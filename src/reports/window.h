#pragma once
// The stretch of time a report covers, in the page's time zone: a named window ("30d",
// "this_month") or explicit from/to. Pure: `now` and the zone are arguments.
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time_ranges.h"

namespace pharos::reports {

// The longest window a report covers (three years): every resource has a cap.
inline constexpr Millis kMaxWindow{std::chrono::hours(24 * 1096)};

struct ReportWindow {
  std::string label;  // "30d", "this_month", or "2026-10-01T00:00:00Z/2026-11-01T00:00:00Z"
  Instant from{};
  Instant to{};  // never after the moment the report was made

  TimeRange range() const { return {from, to}; }
};

// "24h", "7d", "30d", "90d", "365d" (any <N>h or <N>d: the N hours or days up to now),
// "this_month" (from the 1st of this month in `zone` until now), "last_month" (the whole
// previous calendar month in `zone`). Anything else is kInvalidArgument naming `field`.
Result<ReportWindow> named_window(std::string_view name, const TimeZone& zone, Instant now,
                                  std::string_view field = "window");

// [from, to): each "YYYY-MM-DD" (midnight in `zone`) or ISO-8601 with an offset; an empty `to`
// is now, a `to` after now is cut to now. kInvalidArgument (field "from" or "to") when
// unreadable, when from is not before to, or when the window is longer than kMaxWindow.
Result<ReportWindow> explicit_window(std::string_view from, std::string_view to,
                                     const TimeZone& zone, Instant now);

}  // namespace pharos::reports
