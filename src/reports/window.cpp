#include "reports/window.h"

#include <charconv>

namespace pharos::reports {
namespace {

constexpr std::string_view kNames =
    "24h, 7d, 30d, 90d, 365d (any <N>h or <N>d), this_month, last_month";

// "30d" → 30 days, "24h" → 24 hours; nullopt for anything else.
std::optional<Millis> parse_length(std::string_view name) {
  if (name.size() < 2) return std::nullopt;
  char unit = name.back();
  if (unit != 'h' && unit != 'd') return std::nullopt;
  std::int64_t n = 0;
  auto digits = name.substr(0, name.size() - 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n <= 0) return std::nullopt;
  if (n > 24 * 1096) return std::nullopt;  // keeps the multiplication below in range
  return unit == 'h' ? Millis(std::chrono::hours(n)) : Millis(std::chrono::hours(24 * n));
}

// A day ("2026-10-01", midnight in the zone) or an instant with an offset.
Result<Instant> parse_point(std::string_view text, const TimeZone& zone, std::string_view field) {
  if (text.size() == 10) {
    auto day = parse_date(text);
    if (!day) return Error::invalid(day.error().message, std::string(field));
    auto local = date::local_time<Millis>{day->time_since_epoch()};
    return from_local(local, zone);
  }
  auto at = parse_iso8601(text);
  if (!at) {
    return Error::invalid(
        "expected YYYY-MM-DD or an ISO-8601 time with an offset, got '" + std::string(text) + "'",
        std::string(field));
  }
  return *at;
}

}  // namespace

Result<ReportWindow> named_window(std::string_view name, const TimeZone& zone, Instant now,
                                  std::string_view field) {
  if (name == "this_month") return ReportWindow{"this_month", start_of_month(now, zone), now};
  if (name == "last_month") {
    return ReportWindow{"last_month", start_of_month(now, zone, -1), start_of_month(now, zone)};
  }
  auto length = parse_length(name);
  if (!length || *length > kMaxWindow) {
    return Error::invalid("unknown window '" + std::string(name) + "'; use " + std::string(kNames),
                          std::string(field));
  }
  return ReportWindow{std::string(name), now - *length, now};
}

Result<ReportWindow> explicit_window(std::string_view from, std::string_view to,
                                     const TimeZone& zone, Instant now) {
  auto start = parse_point(from, zone, "from");
  if (!start) return start.error();
  Instant end = now;
  if (!to.empty()) {
    auto parsed = parse_point(to, zone, "to");
    if (!parsed) return parsed.error();
    end = std::min(*parsed, now);
  }
  if (*start >= end) return Error::invalid("must be before `to` (and before now)", "from");
  if (end - *start > kMaxWindow) return Error::invalid("a report covers at most 1096 days", "from");
  return ReportWindow{format_iso_utc(*start) + "/" + format_iso_utc(end), *start, end};
}

}  // namespace pharos::reports
