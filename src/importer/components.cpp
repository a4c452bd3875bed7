#include "importer/components.h"

#include <cctype>

#include "core/text.h"
#include "importer/text_lines.h"

namespace pharos::importer {
namespace {

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower_or_digit(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0 ||
         std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Splits at top-level ", " / " and " (not inside parentheses), dropping an Oxford "and".
std::vector<std::string> split_top_level(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  auto flush = [&] {
    std::string t = trim_text(current);
    if (t.starts_with("and ")) t = trim_text(t.substr(4));
    if (!t.empty()) out.push_back(t);
    current.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0 && c == ',') {
      flush();
      continue;
    }
    if (depth == 0 && s.substr(i).starts_with(" and ")) {
      flush();
      i += 4;
      continue;
    }
    current += c;
  }
  flush();
  return out;
}

// True when position `i` of `s` lies inside a word that `context` spells with inner capitals
// ("ThinkLink", "GitHub"): such a boundary is part of a name, not a join.
bool inside_context_word(std::string_view s, size_t i, std::string_view context) {
  size_t begin = s.rfind(' ', i);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::string_view candidate = s.substr(begin, i - begin + 1);
  for (size_t at = context.find(candidate); at != std::string_view::npos;
       at = context.find(candidate, at + 1)) {
    if (at == 0 || context[at - 1] == ' ') return true;
  }
  return false;
}

// Pieces cut at lower→Upper boundaries ("PlatformTelehealth" → "Platform", "Telehealth").
std::vector<std::string> cut_at_case(std::string_view s, std::string_view context) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    if (is_upper(s[i]) && is_lower_or_digit(s[i - 1]) && !inside_context_word(s, i, context)) {
      out.push_back(trim_text(s.substr(start, i - start)));
      start = i;
    }
  }
  out.push_back(trim_text(s.substr(start)));
  return out;
}

}  // namespace

std::vector<std::string> split_component_list(std::string_view list) {
  std::string text = trim_text(list);
  while (!text.empty() && text.back() == '.') text.pop_back();
  std::vector<std::string> out;
  for (auto& entry : split_top_level(text)) {
    auto open = entry.find('(');
    if (open == std::string::npos || entry.back() != ')') {
      out.push_back(entry);
      continue;
    }
    std::string group = trim_text(entry.substr(0, open));
    for (auto& child : split_top_level(entry.substr(open + 1, entry.size() - open - 2))) {
      out.push_back(group.empty() ? child : group + " - " + child);
    }
  }
  return out;
}

std::vector<std::string> split_run_together(std::string_view text,
                                            const std::vector<std::string>& known,
                                            std::string_view context, bool& guessed) {
  std::vector<std::string> out;
  std::string rest = trim_text(text);
  while (!rest.empty()) {
    bool matched = false;
    for (const auto& name : known) {
      if (!name.empty() && rest.starts_with(name) &&
          (rest.size() == name.size() || is_upper(rest[name.size()]) || rest[name.size()] == ' ')) {
        out.push_back(name);
        rest = trim_text(rest.substr(name.size()));
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // Up to the next known name (if any), then cut by capitalisation.
    size_t next = rest.size();
    for (const auto& name : known) {
      auto at = name.empty() ? std::string::npos : rest.find(name, 1);
      if (at != std::string::npos && at < next) next = at;
    }
    auto pieces = cut_at_case(std::string_view(rest).substr(0, next), context);
    guessed = guessed || pieces.size() > 1;
    for (auto& p : pieces) {
      if (!p.empty()) out.push_back(p);
    }
    rest = trim_text(rest.substr(next));
  }
  return out;
}

std::vector<std::string> names_in_summary(std::string_view sentence) {
  auto at = sentence.find(" affecting ");
  if (at == std::string_view::npos) return {};
  std::string_view tail = sentence.substr(at + 11);
  auto end = tail.find(", lasting");
  if (end == std::string_view::npos) end = tail.find(". ");
  if (end == std::string_view::npos) end = tail.size();
  std::vector<std::string> out;
  for (auto& name : split_top_level(tail.substr(0, end))) {
    std::string lower = to_lower(name);
    bool more = !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) &&
                lower.find(" more") != std::string::npos;
    if (!more) out.push_back(name);
  }
  return out;
}

}  // namespace pharos::importer
