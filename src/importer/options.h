#pragma once
// What the user told `pharos import` about the input: how to name it in messages, the vendor,
// the zone and date for pages that omit them, and an optional forced layout.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace pharos::importer {

// The input layouts. kAuto detects; HTML input is recognised by its markup whatever the layout.
enum class Format {
  kAuto,
  kAggregator,  // seeds 000/002: "<Vendor> incident", Started/Resolved/Duration, numbered timeline
  kStatuspagePage,  // seeds 001/003: "Incident Report for <Company>", "Posted MMM DD, YYYY - HH:MM
                    // TZ"
  kInstatus,  // seed 004: doubled labels ("ResolvedResolved"), "Operational from 7:30 AM to …"
  kStatuspageFeed,  // Statuspage /history.atom and /history.rss
  kStatuspageJson,  // Statuspage API v2: incidents.json, unresolved.json, summary.json, one
                    // incident
  kGeneral,         // the layout-independent reader (general_reader.h), for any other page
};

// "auto", "aggregator", "statuspage", "instatus", "feed", "json", "general".
Result<Format> parse_format(std::string_view name);
std::string_view to_string(Format format);

struct ImportOptions {
  std::string source_name = "-";      // the file name used in messages ("-" for stdin)
  std::optional<std::string> vendor;  // --vendor: wins over the vendor the page names
  std::optional<TimeZone>
      zone;  // --tz: zone of times printed without one; decides ambiguous abbreviations
  std::optional<date::year_month_day> date;  // --date: the day of times printed without a date
  Format format = Format::kAuto;
};

}  // namespace pharos::importer
