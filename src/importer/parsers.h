#pragma once
// One parser per layout. Each is a pure function from the report (lines, or JSON text) to
// ImportedIncident values; errors are kInvalidArgument with `field` = "<file>:<line>" (or the
// JSON pointer) and a message saying what was expected there.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "importer/imported_incident.h"
#include "importer/options.h"
#include "importer/text_lines.h"

namespace pharos::importer {

// What HTML markup says beyond its text (html_text.h fills it; empty for plain text).
struct PageHints {
  std::optional<std::string> source_url;  // "View vendor source" link, canonical/og:url
  std::optional<Impact> impact;           // Statuspage's "impact-major" class on the title
};

// Seeds 000/002: "<Vendor> incident", title, "<Severity> <Status> View vendor source", summary
// sentence, Started/Resolved/Duration/Detected by blocks, "Affected components", numbered
// "Update timeline" (oldest first).
Result<ImportedIncident> parse_aggregator(const std::vector<Line>& lines, const PageHints& hints,
                                          const ImportOptions& options);

// Seeds 001/003: title, "Incident Report for <Company>", entries (optional status label, body,
// "Posted <date>") newest first, an optional post-mortem entry first, "This incident affected: …".
Result<ImportedIncident> parse_statuspage_page(const std::vector<Line>& lines,
                                               const PageHints& hints,
                                               const ImportOptions& options);

// Seed 004: optional title, "Affected" with per-component "<Status> from 7:30 AM to 11:55 AM"
// lines, entries under doubled labels ("- ResolvedResolved") newest first, an optional
// post-mortem entry. Times have no date: needs options.date and options.zone.
Result<ImportedIncident> parse_instatus(const std::vector<Line>& lines, const PageHints& hints,
                                        const ImportOptions& options);

// Statuspage API v2 JSON: incidents.json, incidents/unresolved.json, summary.json (incidents and
// scheduled maintenances), scheduled-maintenances.json, a single incident object, or a webhook
// body {"incident": …}. Newest-first lists come back in the file's order.
Result<std::vector<ImportedIncident>> parse_statuspage_json(std::string_view text,
                                                            const ImportOptions& options);

// Statuspage history feeds (/history.atom, /history.rss): one incident per entry, updates from
// the entry's HTML content, years from its <published>/<pubDate>.
bool looks_like_feed(std::string_view text);
Result<std::vector<ImportedIncident>> parse_statuspage_feed(std::string_view text,
                                                            const ImportOptions& options);

// The error for `line` of the input: field "<file>:<line>".
Error error_at(const ImportOptions& options, int line, const std::string& message);

// Completes a parsed incident: status from the last update (postmortem when a post-mortem is
// present and the incident resolved), started_at = earliest of the page's start and the first
// update, resolved_at = the time of the update that resolved it (kept from the page when that
// update has no time), cleared while unresolved.
void finish_incident(ImportedIncident& incident);

}  // namespace pharos::importer
