#include "importer/prose_times.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "core/text.h"

namespace pharos::importer {
namespace {

// The stamp (with a time) that `text` starts with, reading at most up to the end of its clause.
std::optional<LocalStamp> clause_stamp(std::string_view text) {
  auto end = text.find_first_of(".;\n");
  if (end != std::string_view::npos && end + 1 < text.size() && text[end] == '.' &&
      text[end + 1] >= '0' && text[end + 1] <= '9')
    end = text.find_first_of(";\n", end + 1);  // "3.30 pm" is no clause end
  auto stamp = find_stamp(text.substr(0, std::min(end, size_t{80})));
  if (!stamp || !stamp->has_time()) return std::nullopt;
  return stamp;
}

// "<open> A <joiner> B": both stamps, the first borrowing the second's zone and date.
std::optional<ProseSpan> span_after(std::string_view text, std::string_view open,
                                    std::string_view joiner) {
  std::string lower = to_lower(text);
  auto at = lower.find(open);
  if (at == std::string::npos) return std::nullopt;
  auto join = lower.find(joiner, at + open.size());
  if (join == std::string::npos || join - at > 80) return std::nullopt;
  auto start = clause_stamp(text.substr(at + open.size(), join - at - open.size()));
  auto end = clause_stamp(text.substr(join + joiner.size()));
  if (!start || !end) return std::nullopt;
  if (start->zone.empty()) start->zone = end->zone;
  if (!start->has_date() && end->has_date()) {
    start->year = end->year, start->month = end->month, start->day = end->day;
  }
  return ProseSpan{start, end};
}

// "nineteen" → 19, "45" → 45 (up to ninety-nine).
std::optional<int> number_word(std::string_view w) {
  static constexpr std::string_view kUnits[] = {
      "zero",     "one",     "two",     "three",     "four",     "five",    "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static constexpr std::string_view kTens[] = {"twenty", "thirty",  "forty",  "fifty",
                                               "sixty",  "seventy", "eighty", "ninety"};
  if (!w.empty() && w.size() <= 2 &&
      std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::stoi(std::string(w));
  for (int i = 0; i < 20; ++i)
    if (w == kUnits[i]) return i;
  for (int i = 0; i < 8; ++i) {
    if (!w.starts_with(kTens[i])) continue;
    std::string_view rest = w.substr(kTens[i].size());
    if (rest.empty()) return 20 + 10 * i;
    if (rest.starts_with("-"))
      for (int u = 1; u < 10; ++u)
        if (rest.substr(1) == kUnits[u]) return 20 + 10 * i + u;
  }
  return std::nullopt;
}

// "down for nineteen minutes", "for 2 hours": the length an outage is said to have lasted.
std::optional<std::chrono::minutes> stated_length(const std::string& lower) {
  for (auto at = lower.find(" for "); at != std::string::npos; at = lower.find(" for ", at + 1)) {
    size_t begin = at + 5;
    size_t space = lower.find(' ', begin);
    if (space == std::string::npos) return std::nullopt;
    auto n = number_word(std::string_view(lower).substr(begin, space - begin));
    std::string_view unit = std::string_view(lower).substr(space + 1, 7);
    if (!n) continue;
    if (unit.starts_with("minute")) return std::chrono::minutes(*n);
    if (unit.starts_with("hour")) return std::chrono::minutes(*n * 60);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::minutes> find_prose_length(std::string_view text) {
  return stated_length(" " + to_lower(text));
}

ProseSpan find_prose_span(std::string_view text) {
  if (auto s = span_after(text, "between ", " and ")) return *s;
  if (auto s = span_after(text, "from ", " to ")) return *s;
  std::string lower = to_lower(text);
  for (std::string_view open : {"starting at ", "started at ", "began at "}) {
    auto at = lower.find(open);
    if (at == std::string::npos) continue;
    if (auto start = clause_stamp(text.substr(at + open.size()))) return ProseSpan{start, {}};
  }
  return {};
}

}  // namespace pharos::importer
