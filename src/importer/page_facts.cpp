#include "importer/page_facts.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "importer/components.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

bool is_upper_token(std::string_view s) {
  if (s.empty() || s.size() > 8) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
  });
}

void junk(PageLine& p) { p.kind = LineKind::kJunk; }

void add_component(PageFacts& f, std::string name) {
  name = trim_text(name);
  if (name.empty()) return;
  if (std::find(f.components.begin(), f.components.end(), name) == f.components.end())
    f.components.push_back(std::move(name));
}

// "Incident Report for X" / "Scheduled Maintenance Report for X".
void read_report_line(PageLine& p, PageFacts& f) {
  const std::string& t = p.line->text;
  if (!starts_with_ci(t, "Incident Report for") &&
      !starts_with_ci(t, "Scheduled Maintenance Report for"))
    return;
  std::string vendor = trim_text(t.substr(t.find(" for") + 4));
  if (!vendor.empty()) f.vendor = vendor;
  junk(p);
}

// "X experienced a minor incident on May 11, 2021 affecting A and B, lasting 13h 6m. …"
void read_summary(PageLine& p, PageFacts& f) {
  const std::string& t = p.line->text;
  auto at = t.find(" experienced a");
  if (at == std::string::npos || at == 0 || t.find(" incident", at) == std::string::npos) return;
  f.vendor = trim_text(t.substr(0, at));
  std::string_view rest = std::string_view(t).substr(at + 14);
  if (rest.starts_with("n ")) rest.remove_prefix(1);
  f.impact = parse_impact_word(rest.substr(0, rest.find(' ', 1)));
  for (auto& name : names_in_summary(t)) add_component(f, name);
  junk(p);
}

// Severity badges: "Degraded", "Downtime", "Minor Resolved View vendor source →", "Minor incident
// …".
void read_badge(PageLine& p, PageFacts& f) {
  std::string_view t = p.line->text;
  if (equals_ci(t, "Degraded") || equals_ci(t, "Downtime")) {
    f.impact = equals_ci(t, "Degraded") ? Impact::kMinor : Impact::kMajor;
    return junk(p);
  }
  auto space = t.find(' ');
  if (space == std::string_view::npos) return;
  auto impact = parse_impact_word(t.substr(0, space));
  std::string_view next = t.substr(space + 1, t.find(' ', space + 1) - space - 1);
  if (impact && (equals_ci(next, "incident") || parse_status_word(next))) {
    f.impact = impact;
    junk(p);
  }
}

bool is_component_heading(std::string_view t) {
  return equals_ci(t, "Affected components") || equals_ci(t, "Affected services") ||
         equals_ci(t, "Affected") || equals_ci(t, "Components affected") ||
         equals_ci(t, "Affected components:") || equals_ci(t, "Affected services:");
}

bool is_component_item(const PageLine& p) {
  if (p.kind != LineKind::kText) return false;
  std::string_view t = p.line->text;
  return count_words(t) <= 8 && !t.ends_with(".") && !t.ends_with(":") && !is_component_heading(t);
}

// A heading and the short lines under it; run-together names are split.
void read_component_section(std::vector<PageLine>& page, size_t i, PageFacts& f) {
  junk(page[i]);
  std::vector<std::string> known = f.components;
  for (size_t j = i + 1; j < page.size(); ++j) {
    if (page[j].kind == LineKind::kBlank) {
      if (j + 1 < page.size() && is_component_item(page[j + 1]) && j == i + 1) continue;
      break;
    }
    if (!is_component_item(page[j])) break;
    std::string item = trim_text(page[j].line->text);
    for (std::string_view b : {"• ", "- ", "* "})
      if (item.starts_with(b)) item = trim_text(item.substr(b.size()));
    bool guessed = false;
    for (auto& name : split_run_together(item, known, "", guessed)) add_component(f, name);
    f.components_guessed = f.components_guessed || guessed;
    junk(page[j]);
  }
}

// "Title: X", "Start time: …", "End time: …", "Started 7 Sep at 07:24pm UTC."
void read_field(PageLine& p, PageFacts& f) {
  const std::string& t = p.line->text;
  auto value = [&](size_t n) { return std::string_view(t).substr(n); };
  if (starts_with_ci(t, "Title:") && !f.title) {
    f.title = trim_text(value(6));
  } else if (starts_with_ci(t, "Start time:") || starts_with_ci(t, "Started ")) {
    auto stamp =
        stamp_line_of(value(t.find(' ') + 1).substr(starts_with_ci(t, "Start time:") ? 6 : 0));
    if (!stamp) return;
    f.start = stamp, f.start_line = p.line->number;
    if (starts_with_ci(t, "Started ")) junk(p);
  } else if (starts_with_ci(t, "End time:")) {
    if (auto stamp = stamp_line_of(value(9))) f.end = stamp, f.end_line = p.line->number;
  }
}

// "All times are shown in UTC", "2026-01-29 (all times in UTC)", "Timeline (UTC)".
void read_context(const PageLine& p, PageFacts& f) {
  std::string lower = to_lower(p.line->text);
  for (std::string_view key :
       {"all times are shown in ", "all times in ", "times in ", "timeline ("}) {
    auto at = lower.find(key);
    if (at == std::string::npos || !f.zone.empty()) continue;
    std::string zone;
    for (size_t i = at + key.size();
         i < lower.size() && std::isalpha(static_cast<unsigned char>(lower[i])); ++i)
      zone += static_cast<char>(std::toupper(static_cast<unsigned char>(lower[i])));
    if (zone == "UTC" || zone == "GMT") f.zone = zone;
  }
  if (!f.date && p.kind == LineKind::kText && count_words(p.line->text) <= 8) {
    auto stamp = find_stamp(p.line->text);
    if (stamp && stamp->has_date() && !stamp->has_time() && stamp->year) f.date = stamp;
  }
}

}  // namespace

std::vector<std::string> split_affected_list(std::string_view list) {
  // Protect "(ABC)" abbreviations from the group rule, then restore them.
  std::string text(list);
  for (size_t open = text.find('('); open != std::string::npos; open = text.find('(', open + 1)) {
    auto close = text.find(')', open);
    if (close != std::string::npos &&
        is_upper_token(std::string_view(text).substr(open + 1, close - open - 1))) {
      text[open] = '\x01';
      text[close] = '\x02';
    }
  }
  auto names = split_component_list(text);
  for (auto& n : names) {
    std::replace(n.begin(), n.end(), '\x01', '(');
    std::replace(n.begin(), n.end(), '\x02', ')');
  }
  return names;
}

std::optional<int> parse_duration_minutes(std::string_view text) {
  auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  auto is_alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  int total = 0;
  bool any = false;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    int number = 0;
    while (i < text.size() && is_digit(text[i]) && number < 100000)
      number = number * 10 + (text[i++] - '0');
    while (i < text.size() && text[i] == ' ') ++i;
    size_t w = i;
    while (i < text.size() && is_alpha(text[i])) ++i;
    std::string unit = to_lower(text.substr(w, i - w));
    int scale = unit.starts_with("d")                      ? 1440
                : unit.starts_with("h")                    ? 60
                : (unit == "m" || unit.starts_with("min")) ? 1
                                                           : 0;
    if (scale == 0) return std::nullopt;
    total += number * scale;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

PageFacts read_page_facts(std::vector<PageLine>& page) {
  PageFacts f;
  for (size_t i = 0; i < page.size(); ++i) {
    PageLine& p = page[i];
    if (p.kind == LineKind::kText) {
      read_report_line(p, f);
      read_summary(p, f);
    }
    if (p.kind == LineKind::kText) read_badge(p, f);
    if (p.kind == LineKind::kText || p.kind == LineKind::kStamp) read_field(p, f);
    const std::string& t = p.line->text;
    if (p.kind != LineKind::kBlank && is_component_heading(t)) read_component_section(page, i, f);
    if (starts_with_ci(t, "This incident affect") ||
        starts_with_ci(t, "This scheduled maintenance affect")) {
      auto colon = t.find(':');
      for (auto& n : split_affected_list(colon == std::string::npos ? "" : t.substr(colon + 1)))
        add_component(f, n);
      junk(p);
    }
    if (p.kind == LineKind::kStamp && t.find(" · ") != std::string::npos)
      f.duration_minutes = parse_duration_minutes(t.substr(t.find(" · ") + 4));
    read_context(p, f);
  }
  return f;
}

}  // namespace pharos::importer
