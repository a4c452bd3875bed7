#include "importer/page_lines.h"

#include <array>

#include "core/text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

// "- x", "• x", "* x", "12. x" → "x".
std::string_view strip_bullet(std::string_view t) {
  for (std::string_view b : {"- ", "• ", "* ", "– "}) {
    if (t.starts_with(b)) return trim(t.substr(b.size()));
  }
  size_t i = 0;
  while (i < t.size() && i < 3 && t[i] >= '0' && t[i] <= '9') ++i;
  if (i > 0 && i + 1 < t.size() && t[i] == '.' && t[i + 1] == ' ') return trim(t.substr(i + 2));
  return t;
}

bool is_label_word(std::string_view w) {
  if (w.empty() || w.size() > 20) return false;
  for (char c : w) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != ' ' && c != '-') return false;  // "Fixed." is a sentence
  }
  return parse_status_word(w) || is_update_label(w) || is_postmortem_label(w) ||
         equals_ci(w, "created");
}

// "Resolved May 28 at 01:00am BST", "investigating Apr 01, 2022, 06:15 PM UTC": the label word
// and the stamp after it.
std::optional<std::pair<std::string, LocalStamp>> label_then_stamp(std::string_view t) {
  auto space = t.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view word = t.substr(0, space);
  if (!is_label_word(word)) return std::nullopt;
  auto stamp = stamp_line_of(t.substr(space + 1));
  if (!stamp) return std::nullopt;
  return std::make_pair(std::string(word), *stamp);
}

// "03:00 - text", "23:17:00 - text", "2020-05-27 03:00: text": a stamp that leads a line of text.
std::optional<std::pair<LocalStamp, std::string>> stamp_then_text(std::string_view t) {
  for (std::string_view sep : {" - ", " – ", ": "}) {
    for (size_t at = t.find(sep); at != std::string_view::npos && at < 40;
         at = t.find(sep, at + 1)) {
      auto stamp = stamp_line_of(t.substr(0, at));
      std::string rest = trim_text(t.substr(at + sep.size()));
      if (stamp && !rest.empty()) return std::make_pair(*stamp, rest);
    }
  }
  return std::nullopt;
}

// Drops "(1 hour earlier)"-style suffixes and wrapping parentheses.
std::string unwrap_stamp(std::string_view text) {
  std::string t = trim_text(text);
  auto open = t.rfind('(');
  if (open != std::string::npos && open > 0 && t.back() == ')') {
    std::string inner = to_lower(t.substr(open));
    if (inner.find("earlier") != std::string::npos || inner.find("ago") != std::string::npos ||
        inner.find("later") != std::string::npos) {
      t = trim_text(t.substr(0, open));
    }
  }
  if (t.size() > 2 && t.front() == '(' && t.back() == ')') t = trim_text(t.substr(1, t.size() - 2));
  while (!t.empty() && (t.back() == '.' || t.back() == ',')) t.pop_back();
  return t;
}

}  // namespace

std::optional<std::string> label_of(std::string_view text) {
  std::string_view t = strip_bullet(trim(text));
  while (!t.empty() && (t.back() == '-' || t.back() == ':' || t.back() == ' ')) t.remove_suffix(1);
  if (!is_label_word(t)) return std::nullopt;
  return std::string(t);
}

std::optional<LocalStamp> stamp_line_of(std::string_view text) {
  if (text.size() > 120) return std::nullopt;
  std::string t = unwrap_stamp(strip_bullet(trim(text)));
  // "01:02 UTC | 17:02 PT": the first part that is a stamp.
  for (std::string_view part : split(t, '|')) {
    std::string p = trim_text(part);
    if (p.empty() || !is_stamp_line(p)) continue;
    auto stamp = find_stamp(p);
    if (stamp && stamp->has_time()) return stamp;
  }
  return std::nullopt;
}

bool is_junk_line(std::string_view text) {
  static constexpr std::array<std::string_view, 14> kJunk = {"back to overview",
                                                             "get in touch",
                                                             "read it here",
                                                             "write-up published",
                                                             "was this article helpful",
                                                             "found this helpful",
                                                             "have more questions",
                                                             "bookmark the permalink",
                                                             "subscribe to updates",
                                                             "no components marked as affected",
                                                             "this entry was posted in",
                                                             "powered by",
                                                             "view vendor source",
                                                             "read details"};
  std::string lower = to_lower(trim(text));
  if (lower == "updates" || lower == "update timeline" || lower == "write-up") return true;
  for (auto j : kJunk) {
    if (lower.starts_with(j) || (j.size() > 12 && lower.find(j) != std::string::npos)) return true;
  }
  return false;
}

std::vector<PageLine> classify_lines(const std::vector<Line>& lines) {
  std::vector<PageLine> out;
  out.reserve(lines.size());
  for (const auto& line : lines) {
    PageLine p;
    p.line = &line;
    std::string_view t = line.text;
    if (t.empty()) {
      p.kind = LineKind::kBlank;
    } else if (auto label = label_of(t)) {
      p.kind = LineKind::kLabel;
      p.label = *label;
    } else if (auto stamp = stamp_line_of(t)) {
      p.kind = LineKind::kStamp;
      p.stamp = *stamp;
    } else if (auto both = label_then_stamp(strip_bullet(t))) {
      p.kind = LineKind::kStamp;
      p.label = both->first;
      p.stamp = both->second;
    } else if (auto led = stamp_then_text(strip_bullet(t))) {
      p.kind = LineKind::kStamp;
      p.stamp = led->first;
      p.rest = led->second;
    } else if (is_junk_line(t)) {
      p.kind = LineKind::kJunk;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace pharos::importer
