// The Instatus-like layout (seed 004), as text extracted from the page:
//   [<Title>]
//   Affected
//   [<Component>] <Status> from 7:30 AM to 11:55 AM      one line per component span
//   - PostmortemPostmortem / <post-mortem…>               labels printed twice (two spans)
//   - ResolvedResolved / <body> [/ <time>]                 entries newest first
// Times carry no date (and usually no zone): they need --date and --tz.
#include "core/text.h"
#include "importer/parsers.h"
#include "importer/postmortem.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

// "- ResolvedResolved" / "ResolvedResolved" / "- Resolved" → "Resolved"; nullopt otherwise.
std::optional<std::string> entry_label(const std::string& text) {
  std::string t = text;
  bool dashed = t.starts_with("- ");
  if (dashed) t = trim_text(t.substr(2));
  auto word = undouble(t);
  if (!word && dashed) word = t;
  if (!word || word->size() > 20) return std::nullopt;
  if (parse_status_word(*word) || is_update_label(*word) || is_postmortem_label(*word)) return word;
  return std::nullopt;
}

struct Span {
  int line = 0;
  LocalStamp from;
  LocalStamp to;
};

// "Operational from 7:30 AM to 11:55 AM" (also "Major outage from …").
std::optional<Span> read_span(const Line& line) {
  auto from_at = line.text.find(" from ");
  auto to_at = line.text.find(" to ", from_at == std::string::npos ? 0 : from_at);
  if (from_at == std::string::npos || to_at == std::string::npos) return std::nullopt;
  auto from = find_stamp(std::string_view(line.text).substr(from_at, to_at - from_at));
  auto to = find_stamp(std::string_view(line.text).substr(to_at));
  if (!from || !to || !from->has_time() || !to->has_time()) return std::nullopt;
  return Span{line.number, *from, *to};
}

Result<void> read_window(const std::vector<Line>& lines, size_t begin, size_t end,
                         const ImportOptions& options, ImportedIncident& out,
                         std::optional<Instant>& window_end) {
  size_t unnamed = 0;
  bool named_pending = false;
  for (size_t i = begin; i < end; ++i) {
    if (lines[i].text.empty()) continue;
    auto span = read_span(lines[i]);
    if (!span) {
      out.components.push_back(lines[i].text);
      named_pending = true;
      continue;
    }
    if (!named_pending) ++unnamed;
    named_pending = false;
    auto from = resolve_stamp(span->from, options, std::nullopt, nullptr);
    if (!from) return error_at(options, span->line, from.error().message);
    auto to = resolve_stamp(span->to, options, std::nullopt, nullptr);
    if (!to) return error_at(options, span->line, to.error().message);
    if (*to < *from) *to += std::chrono::hours(24);  // the span ran past midnight
    if (!out.started_at || *from < *out.started_at) out.started_at = *from;
    if (!window_end || *to > *window_end) window_end = *to;
  }
  if (unnamed > 0) {
    out.warnings.push_back(
        {lines[begin > 0 ? begin - 1 : 0].number,
         std::to_string(unnamed) + " affected component(s) listed without a name"});
  }
  return Ok();
}

Result<void> read_entries(const std::vector<Line>& lines, size_t begin,
                          const ImportOptions& options, ImportedIncident& out) {
  struct Entry {
    std::string label;
    size_t body_begin;
    size_t body_end;
    std::optional<Instant> at;
  };
  std::vector<Entry> entries;
  for (size_t i = begin; i < lines.size(); ++i) {
    auto label = entry_label(lines[i].text);
    if (!label) continue;
    if (!entries.empty()) entries.back().body_end = i;
    entries.push_back({*label, i + 1, lines.size(), std::nullopt});
  }
  for (auto& e : entries) {
    // A first or last line that is only a date and time is the entry's timestamp, not body text.
    size_t first = next_nonblank(lines, e.body_begin);
    size_t last = e.body_end;
    while (last > e.body_begin && lines[last - 1].text.empty()) --last;
    for (size_t i : {first, last > 0 ? last - 1 : first}) {
      if (i >= e.body_end || i < e.body_begin || !is_stamp_line(lines[i].text)) continue;
      auto stamp = find_stamp(lines[i].text);
      if (!stamp->has_time()) continue;
      auto at = resolve_stamp(*stamp, options, std::nullopt, nullptr);
      if (!at) return error_at(options, lines[i].number, at.error().message);
      e.at = *at;
      if (i == first)
        e.body_begin = i + 1;
      else
        e.body_end = i;
      break;
    }
  }
  std::reverse(entries.begin(), entries.end());
  for (const auto& e : entries) {
    if (is_postmortem_label(e.label)) {
      out.postmortem = postmortem_markdown(lines, e.body_begin, e.body_end);
      out.postmortem_at = e.at;
      continue;
    }
    IncidentStatus previous =
        out.updates.empty() ? IncidentStatus::kInvestigating : out.updates.back().status;
    IncidentStatus status = is_update_label(e.label) ? previous : *parse_status_word(e.label);
    out.updates.push_back({status, e.at, join_body(lines, e.body_begin, e.body_end)});
  }
  return Ok();
}

}  // namespace

Result<ImportedIncident> parse_instatus(const std::vector<Line>& lines, const PageHints& hints,
                                        const ImportOptions& options) {
  ImportedIncident out;
  // Entries start after "Affected" when there is one: a status badge above it is not an entry.
  size_t affected = 0;
  while (affected < lines.size() && !equals_ci(lines[affected].text, "Affected")) ++affected;
  size_t first_label = affected < lines.size() ? affected + 1 : 0;
  while (first_label < lines.size() && !entry_label(lines[first_label].text)) ++first_label;
  if (first_label == lines.size()) {
    return error_at(options, lines.empty() ? 1 : lines.back().number,
                    "expected update entries labelled like '- ResolvedResolved' (Instatus layout)");
  }
  size_t header_end = affected < first_label ? affected : first_label;
  // The title is the nearest line above that is not a status badge or a date.
  for (size_t i = header_end; i > 0; --i) {
    const std::string& text = lines[i - 1].text;
    std::string word = undouble(text).value_or(text);
    bool badge = parse_status_word(word) || parse_impact_word(word) || is_stamp_line(text);
    if (!text.empty() && !badge) {
      out.title = text;
      break;
    }
  }
  std::optional<Instant> window_end;
  if (affected < first_label)
    PHAROS_TRY(read_window(lines, affected + 1, first_label, options, out, window_end));
  PHAROS_TRY(read_entries(lines, first_label, options, out));
  out.resolved_at = window_end;
  out.vendor = options.vendor;
  out.impact = hints.impact;
  out.source_url = hints.source_url;
  finish_incident(out);
  return out;
}

}  // namespace pharos::importer
