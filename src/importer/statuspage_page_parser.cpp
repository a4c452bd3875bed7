// The Statuspage incident-page layout (seeds 001 and 003), as text or as the text of its HTML:
//   <Title>
//   Incident Report for <Company>
//   [<Label>]  <body…>  Posted <MMM DD, YYYY - HH:MM TZ>     one entry each, newest first
//   This incident affected: A, B (C, D), and E.
// Labels are status words on their own line; "Update" keeps the status; "Postmortem" marks the
// post-mortem entry (first on the page). Pages whose labels were lost (seed 001) get statuses
// inferred from the wording, with a warning.
#include "core/text.h"
#include "importer/components.h"
#include "importer/parsers.h"
#include "importer/postmortem.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

struct Entry {
  int line = 0;  // the first line of the entry
  std::optional<std::string> label;
  size_t body_begin = 0;
  size_t body_end = 0;
  Instant at{};
  int posted_line = 0;
};

bool is_label(const std::string& text) {
  if (text.empty() || text.size() > 20) return false;
  return parse_status_word(text) || is_update_label(text) || is_postmortem_label(text);
}

bool is_posted_line(const std::string& text) {
  auto stamp = find_stamp(text);
  if (!stamp || !stamp->has_date() || !stamp->has_time()) return false;
  return starts_with_ci(text, "Posted") || is_stamp_line(text);
}

bool is_affected_line(const std::string& text) {
  return starts_with_ci(text, "This incident affect") ||
         starts_with_ci(text, "This scheduled maintenance affect") ||
         starts_with_ci(text, "This maintenance affect");
}

size_t find_report_line(const std::vector<Line>& lines, std::string& vendor) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    auto at = t.find("Report for ");
    bool report =
        at != std::string::npos && (starts_with_ci(t, "Incident Report for") ||
                                    starts_with_ci(t, "Scheduled Maintenance Report for") ||
                                    starts_with_ci(t, "Maintenance Report for"));
    if (report) {
      vendor = trim_text(t.substr(at + 11));
      return i;
    }
  }
  return lines.size();
}

// The year printed on the dated "Posted" line nearest to entry `n` (feeds and old pages drop it).
std::optional<int> nearest_year(const std::vector<LocalStamp>& stamps, size_t n) {
  for (size_t d = 1; d < stamps.size(); ++d) {
    if (n >= d && stamps[n - d].year) return stamps[n - d].year;
    if (n + d < stamps.size() && stamps[n + d].year) return stamps[n + d].year;
  }
  return std::nullopt;
}

// Resolves the entries' times oldest (last) first, so a year-less time that would precede the
// older entry below it is taken to be in the next year (Jan 02 above Dec 31, 2023).
Result<void> resolve_times(std::vector<Entry>& entries, const std::vector<LocalStamp>& stamps,
                           const ImportOptions& options, ImportedIncident& out) {
  std::optional<Instant> older;
  for (size_t n = entries.size(); n-- > 0;) {
    std::optional<int> year = stamps[n].year ? stamps[n].year : nearest_year(stamps, n);
    std::string warning;
    auto at = resolve_stamp(stamps[n], options, year, &warning);
    if (at && !stamps[n].year && year && older && *at < *older) {
      at = resolve_stamp(stamps[n], options, *year + 1, nullptr);
    }
    int line = entries[n].posted_line;
    if (!at) return error_at(options, line, at.error().message);
    if (!warning.empty()) out.warnings.push_back({line, warning});
    entries[n].at = *at;
    older = *at;
  }
  return Ok();
}

// Splits the lines after the report line into entries, each closed by its "Posted" line.
Result<std::vector<Entry>> read_entries(const std::vector<Line>& lines, size_t begin, size_t end,
                                        const ImportOptions& options, ImportedIncident& out) {
  std::vector<Entry> entries;
  std::vector<LocalStamp> stamps;
  size_t start = begin;
  for (size_t i = begin; i < end; ++i) {
    if (!is_posted_line(lines[i].text)) continue;
    Entry e;
    size_t first = next_nonblank(lines, start);
    e.line = first < i ? lines[first].number : lines[i].number;
    if (first < i && is_label(lines[first].text)) {
      e.label = lines[first].text;
      first = next_nonblank(lines, first + 1);
    }
    e.body_begin = first;
    e.body_end = i;
    e.posted_line = lines[i].number;
    entries.push_back(e);
    stamps.push_back(*find_stamp(lines[i].text));
    start = i + 1;
  }
  PHAROS_TRY(resolve_times(entries, stamps, options, out));
  return entries;
}

size_t nonblank_count(const std::vector<Line>& lines, const Entry& e) {
  size_t n = 0;
  for (size_t i = e.body_begin; i < e.body_end; ++i)
    if (!lines[i].text.empty()) ++n;
  return n;
}

// Entries oldest first → updates and the post-mortem.
void build_timeline(const std::vector<Line>& lines, std::vector<Entry> entries,
                    ImportedIncident& out) {
  bool any_label = false;
  for (const auto& e : entries) any_label = any_label || e.label.has_value();
  std::reverse(entries.begin(), entries.end());
  bool inferred = false;
  for (size_t n = 0; n < entries.size(); ++n) {
    const Entry& e = entries[n];
    bool newest = n + 1 == entries.size();
    bool after_resolved =
        !out.updates.empty() && out.updates.back().status == IncidentStatus::kResolved;
    bool postmortem = e.label
                          ? is_postmortem_label(*e.label)
                          : !any_label && newest && after_resolved && nonblank_count(lines, e) >= 3;
    if (postmortem) {
      out.postmortem = postmortem_markdown(lines, e.body_begin, e.body_end);
      out.postmortem_at = e.at;
      if (!e.label)
        out.warnings.push_back(
            {e.line, "unlabelled entry after the resolution read as the post-mortem"});
      continue;
    }
    std::string body = join_body(lines, e.body_begin, e.body_end);
    IncidentStatus previous =
        out.updates.empty() ? IncidentStatus::kInvestigating : out.updates.back().status;
    IncidentStatus status = previous;
    if (e.label && !is_update_label(*e.label)) status = *parse_status_word(*e.label);
    if (!e.label) {
      status = infer_entry_status(body, out.updates.empty(), entries.size() == 1, previous);
      inferred = true;
    }
    out.updates.push_back({status, e.at, body});
  }
  if (inferred) {
    out.warnings.push_back(
        {0, "the page has no status labels; update statuses inferred from their wording"});
  }
}

}  // namespace

Result<ImportedIncident> parse_statuspage_page(const std::vector<Line>& lines,
                                               const PageHints& hints,
                                               const ImportOptions& options) {
  ImportedIncident out;
  std::string vendor;
  size_t report = find_report_line(lines, vendor);
  if (report == lines.size()) {
    return error_at(options, 1,
                    "expected a line 'Incident Report for <Company>' (Statuspage layout)");
  }
  size_t title = report;
  while (title > 0 && lines[title - 1].text.empty()) --title;
  if (title == 0)
    return error_at(options, lines[report].number, "expected the incident title above this line");
  out.title = lines[title - 1].text;
  out.vendor = options.vendor ? *options.vendor : vendor;
  size_t end = report + 1;
  while (end < lines.size() && !is_affected_line(lines[end].text)) ++end;
  auto entries = read_entries(lines, report + 1, end, options, out);
  if (!entries) return entries.error();
  if (entries->empty()) {
    return error_at(options, lines[report].number,
                    "expected updates below, each ending 'Posted Nov 05, 2021 - 04:45 NZDT'");
  }
  build_timeline(lines, std::move(*entries), out);
  if (end < lines.size()) {
    const std::string& text = lines[end].text;
    out.components = split_component_list(
        text.substr(text.find(':') == std::string::npos ? text.size() : text.find(':') + 1));
  }
  out.impact = hints.impact ? hints.impact : impact_from_title_prefix(*out.title);
  out.source_url = hints.source_url;
  finish_incident(out);
  return out;
}

}  // namespace pharos::importer
