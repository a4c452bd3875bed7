#pragma once
// What an incident page states outside its timeline, whatever the layout: the publisher, the
// severity, the affected components, a declared start or end, and the date, year and zone that
// time-only stamps lean on. read_page_facts marks the lines it consumed as kJunk so the timeline
// does not read them as update text. Pure; used by general_reader.cpp.
#include <optional>
#include <string>
#include <vector>

#include "domain/status.h"
#include "importer/page_lines.h"
#include "importer/time_text.h"

namespace pharos::importer {

struct PageFacts {
  std::optional<std::string> vendor;  // "Incident Report for X", "X experienced a … incident"
  std::optional<std::string> title;   // "Title: X" field (the header title is the timeline's)
  std::optional<Impact> impact;       // summary/badge severity words; "Degraded", "Downtime"
  std::vector<std::string> components;
  bool components_guessed = false;  // names printed run together were split
  std::optional<LocalStamp> start;  // "Started …", "Start time: …"
  int start_line = 0;
  std::optional<LocalStamp> end;  // "End time: …"
  int end_line = 0;
  std::optional<int> duration_minutes;  // "· 8 hours, 33 minutes" next to the start
  std::string zone;                     // "All times are shown in UTC" → "UTC"
  std::optional<LocalStamp> date;       // the first date printed without a time (a heading)
};

// Reads the facts and marks their lines kJunk.
PageFacts read_page_facts(std::vector<PageLine>& page);

// "Name (ABC)" keeps an all-capital abbreviation as part of the name; other groups "G (A, B)"
// become "G - A", "G - B" (components.h split_component_list).
std::vector<std::string> split_affected_list(std::string_view list);

// "8 hours, 33 minutes", "2d 18h", "45m", "1 hour": minutes, or nullopt.
std::optional<int> parse_duration_minutes(std::string_view text);

}  // namespace pharos::importer
