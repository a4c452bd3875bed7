#pragma once
// The general reader's working state, shared by general_reader.cpp (times, page facts, result)
// and general_updates.cpp (statuses, updates, post-mortem). Internal to the importer.
#include <optional>
#include <vector>

#include "importer/imported_incident.h"
#include "importer/options.h"
#include "importer/page_facts.h"
#include "importer/page_lines.h"
#include "importer/page_timeline.h"

namespace pharos::importer {

struct Reading {
  const ImportOptions& options;
  std::vector<PageLine> page;
  PageFacts facts;
  Timeline timeline;
  std::vector<std::optional<Instant>> times;  // per timeline entry, page order
  std::vector<size_t> order;                  // timeline entry indices, oldest first
  std::optional<std::string> title;
  ImportedIncident out;
  bool labelled = false;       // some entry carries a status label
  bool inferred = false;       // some status was read from wording
  bool guessed_years = false;  // a year came from a neighbouring line
};

// Statuses, updates and the post-mortem from the resolved timeline (general_updates.cpp).
void build_updates(Reading& r);

// True when the page is a write-up (three or more section headings such as "Overview",
// "Chronology", "Root cause", and no status labels): the whole text is the post-mortem.
bool is_writeup(const std::vector<PageLine>& page);

}  // namespace pharos::importer
