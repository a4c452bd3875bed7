#pragma once
// Helpers shared by the importer tests: reading fixtures and building expected times.
#include <fstream>
#include <sstream>
#include <string>

#include "core/time.h"
#include "importer/importer.h"

namespace pharos::importer::testing {

inline std::string fixture(const std::string& relative) {
  std::ifstream in(std::string(PHAROS_SOURCE_DIR) + "/tests/fixtures/import/" + relative,
                   std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline Instant utc(const char* iso) { return *parse_iso8601(iso); }

// The options of `pharos import --date DAY --zone ZONE`: the day the report was read (for times
// without a date) and the zone of times without one.
inline ImportOptions read_on(date::year_month_day day, const char* zone) {
  ImportOptions options;
  options.date = day;
  options.zone = *TimeZone::locate(zone);
  return options;
}

// Parses a fixture (any number of incidents); fails the test when it does not parse.
inline std::vector<ImportedIncident> parse_all(const std::string& relative) {
  ImportOptions options;
  options.source_name = relative;
  auto parsed = parse_report(fixture(relative), options);
  if (!parsed) ADD_FAILURE() << parsed.error().describe();
  return parsed.ok() ? *parsed : std::vector<ImportedIncident>{};
}

// Parses report `text`, named `name` in its messages, expecting exactly one incident; fails the
// test otherwise.
inline ImportedIncident parse_one_text(const std::string& text, const std::string& name,
                                       ImportOptions options = {}) {
  options.source_name = name;
  auto parsed = parse_report(text, options);
  if (!parsed) {
    ADD_FAILURE() << parsed.error().describe();
    return {};
  }
  if (parsed->size() != 1) {
    ADD_FAILURE() << name << ": " << parsed->size() << " incidents";
    return {};
  }
  return parsed->front();
}

// Parses a fixture expecting exactly one incident; fails the test otherwise.
inline ImportedIncident parse_one(const std::string& relative, ImportOptions options = {}) {
  return parse_one_text(fixture(relative), relative, std::move(options));
}

}  // namespace pharos::importer::testing
