#include "importer/vocabulary.h"

#include <cctype>

#include "core/text.h"
#include "importer/text_lines.h"

namespace pharos::importer {
namespace {

// Lowercase letters only: "In progress" → "inprogress", "Post-mortem" → "postmortem".
std::string letters(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

std::optional<IncidentStatus> parse_status_word(std::string_view word) {
  std::string w = letters(word);
  if (w == "investigating") return IncidentStatus::kInvestigating;
  if (w == "identified") return IncidentStatus::kIdentified;
  if (w == "monitoring" || w == "watching" || w == "recovering") return IncidentStatus::kMonitoring;
  if (w == "resolved" || w == "fixed") return IncidentStatus::kResolved;
  if (w == "postmortem") return IncidentStatus::kPostmortem;
  if (w == "scheduled" || w == "notstartedyet" || w == "maintenancescheduled") {
    return IncidentStatus::kScheduled;
  }
  if (w == "inprogress" || w == "maintenanceinprogress" || w == "underway") {
    return IncidentStatus::kInProgress;
  }
  if (w == "verifying") return IncidentStatus::kVerifying;
  if (w == "completed" || w == "complete" || w == "maintenancecomplete") {
    return IncidentStatus::kCompleted;
  }
  return std::nullopt;
}

bool is_update_label(std::string_view word) {
  std::string w = letters(word);
  return w == "update" || w == "updated";
}

bool is_postmortem_label(std::string_view word) { return letters(word) == "postmortem"; }

namespace {

// A sentence about what will or may happen ("as soon as it has been resolved") states no status.
bool speaks_of_future(const std::string& sentence) {
  for (std::string_view m : {" will ", " until ", " once ", "as soon as", " when ", " before "}) {
    if (sentence.find(m) != std::string::npos) return true;
  }
  return false;
}

std::optional<IncidentStatus> sentence_status(const std::string& s) {
  static constexpr std::string_view kResolved[] = {
      "resolved",        "fixed",          "back to normal", "returned to normal",
      "resumed normal",  "restored",       "stable now",     "operating normally",
      "fully recovered", "is operational", "are operational"};
  for (auto w : kResolved)
    if (s.find(w) != std::string::npos) return IncidentStatus::kResolved;
  static constexpr std::string_view kMonitoring[] = {
      "are monitoring",       "we're monitoring",   "is monitoring",
      "currently monitoring", "to monitor",         "monitoring the",
      "monitoring for",       "monitoring closely", "are now monitoring"};
  for (auto w : kMonitoring)
    if (s.find(w) != std::string::npos) return IncidentStatus::kMonitoring;
  if (s.find("identified") != std::string::npos) return IncidentStatus::kIdentified;
  if (s.find("investigat") != std::string::npos) return IncidentStatus::kInvestigating;
  return std::nullopt;
}

}  // namespace

std::optional<IncidentStatus> status_from_wording(std::string_view body) {
  std::string text = " " + to_lower(body) + " ";
  std::optional<IncidentStatus> best;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find_first_of(".!?\n", begin);
    if (end == std::string::npos) end = text.size();
    std::string sentence = " " + text.substr(begin, end - begin) + " ";
    begin = end + 1;
    if (speaks_of_future(sentence)) continue;
    auto s = sentence_status(sentence);
    // The strongest statement wins: resolved over monitoring over identified over investigating.
    if (s && (!best || static_cast<int>(*s) > static_cast<int>(*best))) best = s;
  }
  return best;
}

IncidentStatus infer_entry_status(std::string_view body, bool first, bool only,
                                  IncidentStatus previous) {
  if (only) {
    auto s = status_from_wording(body);
    if (s) return *s;
    return count_words(body) >= 40 ? IncidentStatus::kResolved : IncidentStatus::kInvestigating;
  }
  if (first) return IncidentStatus::kInvestigating;
  return status_from_wording(body).value_or(previous);
}

std::optional<Impact> parse_impact_word(std::string_view word) {
  std::string w = to_lower(trim(word));
  if (w == "notice" || w == "none" || w == "informational" || w == "info") return Impact::kNone;
  if (w == "minor" || w == "low") return Impact::kMinor;
  if (w == "major" || w == "high") return Impact::kMajor;
  if (w == "critical") return Impact::kCritical;
  if (w == "maintenance") return Impact::kMaintenance;
  // S1 / P1 / SEV1 / SEV-1 / Sev 1
  std::string compact;
  for (char c : w) {
    if (c != '-' && c != ' ') compact += c;
  }
  std::string_view rest = compact;
  if (rest.starts_with("sev"))
    rest.remove_prefix(3);
  else if (rest.starts_with("s") || rest.starts_with("p"))
    rest.remove_prefix(1);
  else
    return std::nullopt;
  if (rest.size() != 1 || !std::isdigit(static_cast<unsigned char>(rest[0]))) return std::nullopt;
  switch (rest[0]) {
    case '0':
    case '1':
      return Impact::kCritical;
    case '2':
      return Impact::kMajor;
    case '3':
      return Impact::kMinor;
    case '4':
    case '5':
      return Impact::kNone;
    default:
      return std::nullopt;
  }
}

std::optional<Impact> impact_from_title_prefix(std::string_view title) {
  title = trim(title);
  size_t end = 0;
  while (end < title.size() && end < 8 && title[end] != ' ' && title[end] != ':' &&
         title[end] != ']' && title[end] != ')') {
    ++end;
  }
  std::string_view head = title.substr(0, end);
  if (head.starts_with("[") || head.starts_with("(")) head.remove_prefix(1);
  if (head.empty() || end >= title.size()) return std::nullopt;
  // Only the label forms count here; a title starting with "Major" is prose, not a severity.
  std::string h = to_lower(head);
  bool label = (h.size() == 2 && (h[0] == 's' || h[0] == 'p')) || h.starts_with("sev");
  if (!label) return std::nullopt;
  return parse_impact_word(head);
}

}  // namespace pharos::importer
