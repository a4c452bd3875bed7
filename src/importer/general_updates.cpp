// Statuses, updates and the post-mortem of the general reader (general_reading.h).
#include <algorithm>
#include <array>

#include "core/text.h"
#include "importer/general_reading.h"
#include "importer/postmortem.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

bool is_section_heading(const std::string& text) {
  static constexpr std::array<std::string_view, 18> kHeadings = {
      "overview",         "chronology",  "analysis",        "mitigations", "mitigation",
      "root cause",       "root causes", "timeline",        "impact",      "summary",
      "incident summary", "next steps",  "lessons learned", "resolution",  "detection",
      "action items",     "follow-up",   "background"};
  std::string t = to_lower(trim(text));
  while (!t.empty() && t.back() == ':') t.pop_back();
  for (auto h : kHeadings)
    if (t == h) return true;
  return is_postmortem_heading(text);
}

size_t nonblank(const Reading& r, const TimelineEntry& e) {
  size_t n = e.lead.empty() ? 0 : 1;
  for (size_t i : e.body) n += r.page[i].kind == LineKind::kText;
  return n;
}

// The text before the timeline that is neither the title nor a short "Progress:"-style heading:
// an announcement without a time (or, on a page without a timeline, the whole report).
std::string untimed_text(const Reading& r) {
  std::vector<size_t> lines;
  for (size_t i : r.timeline.header) {
    const std::string& t = r.page[i].line->text;
    if (r.title && t == *r.title) continue;
    if (t.ends_with(":") && count_words(t) <= 3) continue;
    lines.push_back(i);
  }
  std::string body = body_text(r.page, lines);
  return count_words(body) >= 8 ? body : std::string();
}

// An unlabelled progress log whose announcement speaks of maintenance is a maintenance window.
bool mentions_maintenance(const Reading& r, const std::string& lead) {
  if (r.labelled || r.timeline.entries.empty()) return false;
  std::string text = to_lower(lead);
  if (!r.timeline.entries.empty())
    text += to_lower(body_text(r.page, r.timeline.entries[0].body, r.timeline.entries[0].lead));
  return text.find("maintenance") != std::string::npos;
}

IncidentStatus maintenance_status(IncidentStatus s) {
  return is_closed(s) ? IncidentStatus::kCompleted : IncidentStatus::kInProgress;
}

IncidentStatus label_status(const std::string& label, IncidentStatus previous) {
  if (equals_ci(label, "created")) return IncidentStatus::kInvestigating;
  if (is_update_label(label)) return previous;
  return parse_status_word(label).value_or(previous);
}

// An unlabelled newest entry of three or more lines, posted a day or more after the one before
// it or after the resolution, is the post-mortem (Statuspage pages whose labels were lost).
bool is_late_writeup(const Reading& r, size_t k, const std::optional<Instant>& previous_at) {
  const auto& e = r.timeline.entries[k];
  if (e.label || r.labelled || r.order.size() < 2 || k != r.order.back() || nonblank(r, e) < 3)
    return false;
  bool after_resolution = !r.out.updates.empty() && is_closed(r.out.updates.back().status);
  bool day_later = false;
  if (r.times[k].has_value() && previous_at.has_value()) {
    Instant newer = r.times[k].value();
    Instant older = previous_at.value();
    day_later = newer - older >= std::chrono::hours(24);
  }
  return after_resolution || day_later;
}

// A stamp with no label and no text on a labelled page is the page's own start (Better Stack's
// header date), not an update.
bool is_header_stamp(const Reading& r, const TimelineEntry& e, const std::string& body) {
  return r.labelled && !e.label && body.empty();
}

void add_entry(Reading& r, size_t k, bool only, bool maintenance) {
  const auto& e = r.timeline.entries[k];
  std::string body = body_text(r.page, e.body, e.lead);
  const auto& at = r.times[k];
  if (is_header_stamp(r, e, body)) {
    if (at && (!r.out.started_at || *at < *r.out.started_at)) r.out.started_at = at;
    return;
  }
  std::optional<Instant> previous_at;
  if (!r.out.updates.empty()) previous_at = r.out.updates.back().at;
  if ((e.label && is_postmortem_label(*e.label)) || is_late_writeup(r, k, previous_at)) {
    r.out.postmortem = body.empty() ? *e.label : body;
    r.out.postmortem_at = at;
    return;
  }
  IncidentStatus previous =
      r.out.updates.empty() ? IncidentStatus::kInvestigating : r.out.updates.back().status;
  IncidentStatus status = previous;
  if (e.label) {
    status = label_status(*e.label, previous);
  } else {
    status = infer_entry_status(body, r.out.updates.empty(), only, previous);
    r.inferred = true;
    if (maintenance) status = maintenance_status(status);
  }
  r.out.updates.push_back({status, at, body});
}

void read_writeup(Reading& r) {
  std::vector<size_t> lines;
  for (size_t i = 0; i < r.page.size(); ++i) {
    const auto& p = r.page[i];
    bool title = r.title && p.line->text == *r.title && lines.empty();
    if (!title &&
        (p.kind == LineKind::kText || p.kind == LineKind::kStamp || p.kind == LineKind::kBlank))
      lines.push_back(i);
  }
  std::string text;
  for (size_t i : lines)
    text += r.page[i].kind == LineKind::kBlank ? "\n" : r.page[i].line->text + "\n";
  r.out.postmortem = trim_text(text);
  for (const auto& t : r.times) {
    if (!t) continue;
    if (!r.out.started_at || *t < *r.out.started_at) r.out.started_at = t;
    if (!r.out.resolved_at || *t > *r.out.resolved_at) r.out.resolved_at = t;
  }
}

}  // namespace

bool is_writeup(const std::vector<PageLine>& page) {
  int headings = 0;
  for (const auto& p : page) {
    if (p.kind == LineKind::kLabel || (p.kind == LineKind::kStamp && p.label)) return false;
    if (p.kind == LineKind::kText && is_section_heading(p.line->text)) ++headings;
  }
  return headings >= 3;
}

void build_updates(Reading& r) {
  const auto& entries = r.timeline.entries;
  r.labelled = std::any_of(entries.begin(), entries.end(),
                           [](const auto& e) { return e.label.has_value(); });
  if (is_writeup(r.page)) return read_writeup(r);
  std::string lead = untimed_text(r);
  bool maintenance = mentions_maintenance(r, lead);
  size_t timed = 0;
  for (size_t k : r.order)
    timed += !(r.labelled && !entries[k].label && nonblank(r, entries[k]) == 0);
  bool only = timed + (lead.empty() ? 0 : 1) == 1;
  if (!lead.empty()) {
    IncidentStatus s = maintenance
                           ? IncidentStatus::kScheduled
                           : infer_entry_status(lead, true, only, IncidentStatus::kInvestigating);
    r.out.updates.push_back({s, std::nullopt, lead});
    r.inferred = true;
  }
  for (size_t k : r.order) add_entry(r, k, only, maintenance);
  std::string trailer = body_text(r.page, r.timeline.trailer);
  if (!r.out.postmortem && count_words(trailer) >= 40) r.out.postmortem = trailer;
}

}  // namespace pharos::importer
