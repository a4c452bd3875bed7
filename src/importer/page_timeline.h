#pragma once
// Splits a classified page into its header and timeline entries, whatever the layout: an entry is
// a status label and/or a stamp with the text that belongs to it. Which side the text is on is
// read from the page: when text follows the last stamp, stamps lead their entries (Better Stack,
// aggregators, dated headings: "Resolved / Apr 17 at 08:58am / body"); otherwise stamps close
// them (Statuspage, incident.io: "Resolved / body / Posted …"). Pure; used by general_reader.cpp.
#include <optional>
#include <string>
#include <vector>

#include "importer/page_lines.h"

namespace pharos::importer {

struct TimelineEntry {
  std::optional<std::string> label;  // the status label, if the entry has one
  std::optional<LocalStamp> stamp;   // its time, if printed
  int line = 0;                      // the stamp's line (else the entry's first line)
  std::string lead;                  // text on the stamp's own line ("- 03:00 - <lead>")
  std::vector<size_t> body;          // indices of its text and blank lines, in page order
};

struct Timeline {
  std::vector<size_t> header;          // text lines before the first entry
  std::vector<TimelineEntry> entries;  // in page order
  std::vector<size_t> trailer;         // text after the timeline, set apart by a double blank
  bool stamps_lead = true;
};

Timeline read_timeline(const std::vector<PageLine>& page);

// The Markdown text of `indices` (lines joined with "\n", paragraphs with a blank line), with
// `lead` as its first line when not empty.
std::string body_text(const std::vector<PageLine>& page, const std::vector<size_t>& indices,
                      const std::string& lead = "");

}  // namespace pharos::importer
