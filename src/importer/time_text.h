#pragma once
// Dates and times as incident pages print them, and the time-zone abbreviation table.
//
// Recognised shapes (anywhere in a line; surrounding words are ignored):
//   "Apr 01, 2022, 06:15 PM UTC"          aggregator pages
//   "Posted Nov 05, 2021 - 04:45 NZDT"   Statuspage incident pages ("Posted 3 days ago. Sep 19, …")
//   "Oct 21, 17:39 UTC"                  Statuspage feeds (no year)
//   "Friday 16 February 2024", "7:30 AM" Instatus pages (day before month; time alone)
//   "Wednesday 19th April 2017 16:17:00 UTC", "2018-09-07 11:16:25 UTC", "2/20/2017 12:05 PM UTC"
//   "Mon, 15 Jan 2024 10:00:00 +0000" (RFC 2822), "Apr 17 at 01:57am GMT+6", "12:00AM ET"
// Month names may be abbreviated; "Aug 17 , 2026" (feed <var> extraction) is accepted.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "importer/options.h"

namespace pharos::importer {

// A wall-clock reading with whatever parts the text gave.
struct LocalStamp {
  std::optional<int> year;
  std::optional<unsigned> month;  // 1-12
  std::optional<unsigned> day;    // 1-31
  std::optional<int> hour;        // 0-23 after AM/PM is applied
  std::optional<int> minute;
  std::optional<int> second;
  std::string zone;  // abbreviation ("NZDT") or offset ("+05:30", "GMT+1"); empty when absent

  bool has_date() const { return month && day; }
  bool has_time() const { return hour.has_value(); }
};

// The first date and/or time in `text`, or nullopt when it holds neither.
std::optional<LocalStamp> find_stamp(std::string_view text);

// `text` with numeric dates spelled out: "2018-09-07T11:16" → "7 Sep 2018 11:16", "2/20/2017"
// (US order) → "20 Feb 2017", "29.12.2023" → "29 Dec 2023". Only a four-digit year counts.
std::string spell_numeric_dates(std::string_view text);

// True when `text` is nothing but a date/time (plus "Posted", "at", punctuation): used to tell a
// timestamp line from a body line.
bool is_stamp_line(std::string_view text);

// One entry of the abbreviation table (docs/import.md prints it).
struct ZoneAbbreviation {
  const char* abbreviation;
  int offset_minutes;  // east of UTC
  const char* meaning;
  bool ambiguous;  // another zone uses the same letters; --tz decides
};
// The whole table, terminated by an entry with a null abbreviation.
const ZoneAbbreviation* zone_abbreviations();

// Turns a stamp into an instant. Missing pieces come from `context_year` (the nearest dated
// context on the page), then `options.date`; a missing or ambiguous zone from `options.zone`.
// `warning` receives a note when an ambiguous abbreviation was resolved by the table's default.
// Errors say exactly which option to add ("add --date YYYY-MM-DD", "add --tz ZONE").
Result<Instant> resolve_stamp(const LocalStamp& stamp, const ImportOptions& options,
                              std::optional<int> context_year, std::string* warning);

}  // namespace pharos::importer
