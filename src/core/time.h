#pragma once
// Instants, time zones and the textual forms Pharos reads and writes.
// Every instant is UTC with millisecond precision; a TimeZone is applied only when displaying.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include "core/result.h"

namespace date {
class time_zone;
}

namespace pharos {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;
using Seconds = std::chrono::seconds;

// An IANA zone from the system tzdata (/usr/share/zoneinfo). Cheap to copy; never null.
class TimeZone {
 public:
  // Looks the zone up by IANA name ("Europe/Amsterdam", "Etc/UTC", "UTC").
  static Result<TimeZone> locate(std::string_view name);
  static TimeZone utc();

  const std::string& name() const { return name_; }
  const date::time_zone* zone() const { return zone_; }
  bool is_utc() const;
  // Offset from UTC in effect at `at`, and the zone's abbreviation then ("CET", "NZDT").
  std::chrono::seconds offset_at(Instant at) const;
  std::string abbreviation_at(Instant at) const;

 private:
  TimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

// "2021-03-22T19:22:00Z": UTC, whole seconds (the import/CLI JSON form).
std::string format_iso_utc(Instant at);
// "2021-12-07T09:06:43.178-07:00", or "…Z" for a UTC zone: Statuspage API form, page offset,
// millis.
std::string format_iso_in_zone(Instant at, const TimeZone& zone);
// "2021-08-11": the calendar date of `at` in `zone`.
std::string format_date_in_zone(Instant at, const TimeZone& zone);
// Formats with a strftime-like pattern understood by Howard Hinnant's date (%b %d %Y %I %M %p %Z…)
// in `zone`.
std::string format_in_zone(Instant at, const TimeZone& zone, const char* pattern);
// RFC 822 date for RSS: "Mon, 16 Mar 2026 07:27:49 +0000".
std::string format_rfc822(Instant at);
// RFC 7231 HTTP date: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(Instant at);

// Parses ISO-8601 / RFC 3339: "YYYY-MM-DDTHH:MM[:SS[.fraction]]" followed by "Z", "±HH:MM" or
// "±HHMM". A space may stand for the T. A missing offset is an error (ambiguous).
Result<Instant> parse_iso8601(std::string_view text);
// Parses "YYYY-MM-DD" to midnight UTC of that day.
Result<Instant> parse_date(std::string_view text);

// Converts a local wall-clock time in `zone` to an instant. Ambiguous times (DST fall-back) take
// the earlier instant; non-existent times (spring-forward gap) are shifted forward.
Instant from_local(date::local_time<Millis> local, const TimeZone& zone);

// Start of the calendar day that contains `at` in `zone`, as an instant.
Instant start_of_day(Instant at, const TimeZone& zone);
// Start of the calendar day `days` days after (before, when negative) the one containing `at`,
// in `zone`: days of 23 or 25 hours around DST changes count as one day each.
Instant start_of_day(Instant at, const TimeZone& zone, int days);
// Start of the calendar month `months` months after (before) the one containing `at`, in `zone`.
Instant start_of_month(Instant at, const TimeZone& zone, int months = 0);

}  // namespace pharos
