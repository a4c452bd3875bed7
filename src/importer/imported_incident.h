#pragma once
// The plain value every importer parser produces: an incident report as the page gave it,
// normalised (times in UTC, statuses and impact in Statuspage's vocabulary, updates oldest
// first), plus the warnings collected while reading it. No ids, no storage concerns: to_domain.h
// turns it into a domain Incident.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "domain/status.h"

namespace pharos::importer {

struct ImportedUpdate {
  IncidentStatus status = IncidentStatus::kInvestigating;
  std::optional<Instant> at;  // unset when the page prints no time for it (Instatus layout)
  std::string body;           // Markdown; paragraphs separated by a blank line

  bool operator==(const ImportedUpdate&) const = default;
};

// A place in the input a warning or error refers to: "report.txt:12".
struct ImportWarning {
  int line = 0;  // 1-based; 0 when the warning concerns the whole report
  std::string message;
};

struct ImportedIncident {
  IncidentKind kind = IncidentKind::kIncident;
  std::optional<std::string> vendor;
  std::optional<std::string> title;
  std::optional<Impact> impact;  // unset when the page names no severity
  std::optional<IncidentStatus> status;
  std::optional<Instant> started_at;   // earliest of the page's "Started" and the first update
  std::optional<Instant> resolved_at;  // the resolving update's time; unset while unresolved
  std::optional<Instant> detected_at;  // "Detected by …" on aggregator pages
  std::optional<Instant> scheduled_for;
  std::optional<Instant> scheduled_until;
  std::vector<std::string> components;    // as the page names them, in page order
  std::vector<ImportedUpdate> updates;    // oldest first; a post-mortem is not an update
  std::optional<std::string> postmortem;  // Markdown, recognised section headings as "## …"
  std::optional<Instant> postmortem_at;
  std::optional<std::string> source_url;
  std::vector<ImportWarning> warnings;
  // Which reader answered: "aggregator", "statuspage", "instatus", "json", "feed" (the exact
  // layout parsers) or "general" (general_reader.h).
  std::string reader;
  // The general reader's confidence per field it filled ("title", "status", "started_at", …),
  // 0..1; empty for the exact parsers, whose fields are read from their fixed places.
  std::vector<std::pair<std::string, double>> confidence;

  // resolved_at - started_at when both are known.
  std::optional<std::chrono::seconds> duration() const {
    if (!started_at || !resolved_at) return std::nullopt;
    return std::chrono::floor<std::chrono::seconds>(*resolved_at - *started_at);
  }
};

}  // namespace pharos::importer
