#pragma once
// The general reader's view of a page: each line classified by what it is on an incident page,
// whatever the layout. Pure; used by general_reader.cpp.
//
//   "Resolved", "Resolved -", "- Update", "Created", "Post-mortem"      → kLabel
//   "Posted Nov 05, 2021 - 04:45 NZDT", "(Sunday 11th March 2018 …)",
//   "Tue, May 24, 2022, 04:29 PM(1 hour earlier)", "01:02 UTC | 17:02 PT" → kStamp
//   "- investigating May 11, 2021, 02:35 AM UTC", "Resolved May 28 at 01:00am BST"
//                                                                        → kStamp with a label
//   "- 03:00 - the login app …", "23:17:00 - software upgrade started"    → kStamp with `rest`
//   "Back to overview", "Read it here", "Was this article helpful?"      → kJunk
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importer/text_lines.h"
#include "importer/time_text.h"

namespace pharos::importer {

enum class LineKind { kBlank, kJunk, kLabel, kStamp, kText };

struct PageLine {
  const Line* line = nullptr;
  LineKind kind = LineKind::kText;
  std::optional<std::string> label;  // the status word of a label ("Resolved", "Update", …)
  std::optional<LocalStamp> stamp;   // kStamp: the stamp, always with a time of day
  std::string rest;                  // kStamp: text after the stamp on the same line
};

// A status label as pages print it: the word (or words) alone, optionally after "- ", "• " or
// "N. " and before " -" or ":". Accepts the status words of vocabulary.h, "Update(d)",
// "Postmortem"/"Post-mortem", and Better Stack's "Created". nullopt otherwise.
std::optional<std::string> label_of(std::string_view text);

// The stamp of a line that is only a date and time (after removing wrappers: "Posted",
// parentheses, "(1 hour earlier)", a second zone after " | "), with a time of day; else nullopt.
std::optional<LocalStamp> stamp_line_of(std::string_view text);

// Lines that are navigation or page furniture, never part of an incident.
bool is_junk_line(std::string_view text);

// Classifies every line; blank lines stay (paragraph breaks). The result points into `lines`,
// which must outlive it.
std::vector<PageLine> classify_lines(const std::vector<Line>& lines);

}  // namespace pharos::importer
