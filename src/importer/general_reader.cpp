// The general reader (general_reader.h). The order of the steps matters: facts first (their lines
// are then no update text), the timeline next, times before statuses (the direction of the
// timeline is read from its times), the post-mortem last (it depends on the statuses).
#include "importer/general_reader.h"

#include <algorithm>

#include "core/text.h"
#include "importer/general_reading.h"
#include "importer/postmortem.h"
#include "importer/prose_times.h"
#include "importer/time_text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

// The year printed nearest to `line` (a stamp or a dated heading), for stamps without one.
std::optional<int> year_near(const Reading& r, int line) {
  std::optional<int> best;
  int distance = 0;
  for (const auto& p : r.page) {
    if (p.kind == LineKind::kBlank || p.kind == LineKind::kJunk) continue;
    auto stamp = p.stamp ? p.stamp : find_stamp(p.line->text);
    if (!stamp || !stamp->year) continue;
    int d = std::abs(p.line->number - line);
    if (!best || d < distance) best = stamp->year, distance = d;
  }
  return best;
}

Result<Instant> resolve_at(Reading& r, LocalStamp stamp, int line) {
  ImportOptions o = r.options;
  const auto& date = r.facts.date;
  if (!stamp.has_date() && date && date->year) {
    o.date = date::year_month_day{date::year{*date->year}, date::month{*date->month},
                                  date::day{*date->day}};
  }
  if (stamp.zone.empty() && !r.facts.zone.empty()) stamp.zone = r.facts.zone;
  std::optional<int> year = stamp.year ? stamp.year : year_near(r, line);
  if (!stamp.year && year && stamp.has_date()) r.guessed_years = true;
  std::string warning;
  auto at = resolve_stamp(stamp, o, year, &warning);
  if (!at)
    return Error::invalid(at.error().message, r.options.source_name + ":" + std::to_string(line));
  if (!warning.empty()) r.out.warnings.push_back({line, warning});
  return *at;
}

bool closes(const std::optional<std::string>& label) {
  if (!label) return false;
  auto s = parse_status_word(*label);
  return is_postmortem_label(*label) || (s && is_closed(*s));
}

// Newest first when times mostly fall down the page; on a tie (all equal, or time-only stamps
// across midnight) when the first entry closes the incident, or when stamps carry no date.
bool opens(const std::optional<std::string>& label) {
  if (!label) return false;
  auto s = parse_status_word(*label);
  return equals_ci(*label, "created") || s == IncidentStatus::kInvestigating ||
         s == IncidentStatus::kScheduled;
}

// Labels decide the direction when the page has them (the first one closing, or the last one
// opening the incident, means newest first); else times mostly falling down the page; a tie
// (time-only stamps across midnight) reads newest first, as status pages list them.
bool newest_first(const Reading& r) {
  const auto& e = r.timeline.entries;
  std::vector<size_t> labelled;
  for (size_t i = 0; i < e.size(); ++i)
    if (e[i].label) labelled.push_back(i);
  if (!labelled.empty()) {
    const auto& first = e[labelled.front()].label;
    const auto& last = e[labelled.back()].label;
    if (closes(first) || (labelled.size() > 1 && opens(last))) return true;
    if (opens(first) || closes(last)) return false;
  }
  int up = 0, down = 0;
  std::optional<Instant> prev;
  for (const auto& t : r.times) {
    if (!t) continue;
    if (prev && *t > *prev) ++up;
    if (prev && *t < *prev) ++down;
    prev = t;
  }
  if (up != down) return down > up;
  return std::any_of(e.begin(), e.end(),
                     [](const auto& x) { return x.stamp && !x.stamp->has_date(); });
}

// Resolves every stamp, orders the entries oldest first, and moves time-only stamps past
// midnight where the clock runs backwards.
Result<void> resolve_times(Reading& r) {
  const auto& entries = r.timeline.entries;
  for (const auto& e : entries) {
    if (!e.stamp) {
      r.times.emplace_back();
      continue;
    }
    auto at = resolve_at(r, *e.stamp, e.line);
    if (!at) return at.error();
    r.times.emplace_back(*at);
  }
  for (size_t i = 0; i < entries.size(); ++i) r.order.push_back(i);
  if (newest_first(r)) std::reverse(r.order.begin(), r.order.end());
  std::optional<Instant> prev;
  for (size_t i : r.order) {
    auto& t = r.times[i];
    if (!t) continue;
    bool time_only = !entries[i].stamp->has_date();
    while (time_only && prev && *t < *prev) *t += std::chrono::hours(24);
    prev = t;
  }
  return Ok();
}

// The header's title: a short line that is not a bare date; the "Title:" field wins.
std::optional<std::string> header_title(const Reading& r) {
  if (r.facts.title) return r.facts.title;
  for (size_t i : r.timeline.header) {
    const std::string& t = r.page[i].line->text;
    if (is_stamp_line(t)) continue;
    size_t words = count_words(t);
    // Without a timeline (a blog post) a long first sentence is the report, not its title.
    bool sentence = r.timeline.entries.empty() && t.ends_with(".") && words > 8;
    if (words > 15 || t.ends_with(":") || sentence) return std::nullopt;
    return t;
  }
  return std::nullopt;
}

// "Began at:" with nothing after it is a field the page left empty.
void drop_empty_fields(std::vector<PageLine>& page) {
  for (auto& p : page) {
    const std::string& t = p.line->text;
    if (p.kind == LineKind::kText && t.ends_with(" at:") && count_words(t) <= 3)
      p.kind = LineKind::kJunk;
  }
}

std::optional<Instant> resolve_fact(Reading& r, const std::optional<LocalStamp>& stamp, int line) {
  if (!stamp) return std::nullopt;
  auto at = resolve_at(r, *stamp, line);
  if (!at) return std::nullopt;
  return *at;
}

// Times the page states outside its updates: "Started …", "Start time:"/"End time:", a
// duration next to the start, or the prose of a page without stamped updates.
void read_page_times(Reading& r) {
  auto& out = r.out;
  if (auto start = resolve_fact(r, r.facts.start, r.facts.start_line)) {
    if (!out.started_at || *start < *out.started_at) out.started_at = start;
  }
  if (auto end = resolve_fact(r, r.facts.end, r.facts.end_line)) out.resolved_at = end;
  bool stamped = std::any_of(out.updates.begin(), out.updates.end(),
                             [](const auto& u) { return u.at.has_value(); });
  if (!stamped && !out.started_at) {
    std::string text;
    for (const auto& u : out.updates) text += u.body + "\n";
    ProseSpan span = find_prose_span(text);
    int line = r.page.empty() ? 1 : r.page.front().line->number;
    out.started_at = resolve_fact(r, span.start, line);
    if (!out.resolved_at) out.resolved_at = resolve_fact(r, span.end, line);
    auto length = find_prose_length(text);
    if (!out.resolved_at && out.started_at && length) out.resolved_at = *out.started_at + *length;
    if (span.start) out.warnings.push_back({0, "start and end read from the report's prose"});
  }
  if (!out.resolved_at && out.started_at && r.facts.duration_minutes)
    out.resolved_at = *out.started_at + std::chrono::minutes(*r.facts.duration_minutes);
}

std::optional<Impact> read_impact(const Reading& r, const PageHints& hints) {
  if (r.facts.impact) return r.facts.impact;
  if (hints.impact) return hints.impact;
  for (const auto& u : r.out.updates)
    if (is_maintenance_status(u.status)) return Impact::kMaintenance;
  if (r.title) return impact_from_title_prefix(*r.title);
  return std::nullopt;
}

void add_confidence(Reading& r) {
  auto& c = r.out.confidence;
  auto& w = r.out.warnings;
  if (r.out.title) c.emplace_back("title", r.facts.title ? 0.9 : 0.7);
  if (r.out.vendor) c.emplace_back("vendor", r.options.vendor ? 1.0 : 0.9);
  if (r.out.impact) c.emplace_back("impact", r.facts.impact ? 0.9 : 0.6);
  c.emplace_back("status", r.inferred ? 0.6 : 0.95);
  bool stamped = std::any_of(r.out.updates.begin(), r.out.updates.end(),
                             [](const auto& u) { return u.at.has_value(); });
  double times = stamped ? (r.guessed_years ? 0.7 : 0.95) : 0.5;
  if (r.out.started_at) c.emplace_back("started_at", times);
  if (r.out.resolved_at) c.emplace_back("resolved_at", times);
  c.emplace_back("components", r.facts.components_guessed ? 0.5 : 0.85);
  c.emplace_back("updates", r.labelled ? 0.9 : 0.6);
  if (r.inferred)
    w.push_back({0, "no status labels on some entries; statuses inferred from their wording"});
  if (r.guessed_years) w.push_back({0, "the year of some dates taken from the nearest dated line"});
  if (r.facts.components_guessed)
    w.push_back({0, "component names printed run together were split by capitalisation (a guess)"});
  if (r.out.title && !r.facts.title)
    w.push_back({0, "the title is the page's first short line (a guess)"});
}

// A report has a status label or a time somewhere; text without either is no incident report.
bool has_content(const Reading& r) {
  bool timed = r.out.started_at.has_value();
  for (const auto& u : r.out.updates) timed = timed || u.at.has_value();
  return r.labelled || timed;
}

}  // namespace

Result<ImportedIncident> read_general(const std::vector<Line>& lines, const PageHints& hints,
                                      const ImportOptions& options) {
  Reading r{options, classify_lines(lines), {}, {}, {}, {}, {}, {}};
  drop_empty_fields(r.page);
  r.facts = read_page_facts(r.page);
  r.timeline = read_timeline(r.page);
  r.title = header_title(r);
  PHAROS_TRY(resolve_times(r));
  build_updates(r);
  read_page_times(r);
  ImportedIncident& out = r.out;
  out.title = r.title;
  out.vendor = options.vendor ? options.vendor : r.facts.vendor;
  out.components = r.facts.components;
  out.impact = read_impact(r, hints);
  out.source_url = hints.source_url;
  for (const auto& u : out.updates)
    if (u.at && (!out.started_at || *u.at < *out.started_at)) out.started_at = u.at;
  if (out.postmortem) out.status = IncidentStatus::kPostmortem;
  finish_incident(out);
  if (!has_content(r)) {
    return error_at(options, lines.empty() ? 1 : lines.front().number,
                    "expected an incident report: status labels (Investigating, Resolved, …) "
                    "or timestamped updates, as on Statuspage, aggregator, Instatus or Better "
                    "Stack pages; found none (use --format to choose a layout)");
  }
  out.reader = "general";
  add_confidence(r);
  return std::move(r.out);
}

}  // namespace pharos::importer
