#include "importer/text_lines.h"

namespace pharos::importer {

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";  // U+00A0 in UTF-8

// White space as isspace() has it in the C locale.
bool is_ascii_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

// The length of the white space `s` starts (ends) with: one ASCII space, a no-break space, or 0.
size_t leading_space(std::string_view s) {
  if (!s.empty() && is_ascii_space(s.front())) return 1;
  return s.starts_with(kNoBreakSpace) ? kNoBreakSpace.size() : 0;
}

size_t trailing_space(std::string_view s) {
  if (!s.empty() && is_ascii_space(s.back())) return 1;
  return s.ends_with(kNoBreakSpace) ? kNoBreakSpace.size() : 0;
}

}  // namespace

std::string trim_text(std::string_view s) {
  while (size_t n = leading_space(s)) s.remove_prefix(n);
  while (size_t n = trailing_space(s)) s.remove_suffix(n);
  return std::string(s);
}

std::string normalise_spaces(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      out += ' ';
      ++i;
    } else if (s[i] != '\r') {
      out += s[i];
    }
  }
  return out;
}

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({++number, normalise_spaces(trim_text(text.substr(start, end - start)))});
    start = end + 1;
  }
  return lines;
}

std::optional<std::string> undouble(std::string_view s) {
  if (s.size() < 4 || s.size() % 2 != 0) return std::nullopt;
  size_t half = s.size() / 2;
  if (s.substr(0, half) != s.substr(half)) return std::nullopt;
  return std::string(s.substr(0, half));
}

std::string join_body(const std::vector<Line>& lines, size_t begin, size_t end) {
  std::string out;
  bool pending_break = false;
  for (size_t i = begin; i < end && i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.empty()) {
      pending_break = !out.empty();
      continue;
    }
    if (!out.empty()) out += pending_break ? "\n\n" : "\n";
    pending_break = false;
    out += t;
  }
  return out;
}

size_t next_nonblank(const std::vector<Line>& lines, size_t from) {
  while (from < lines.size() && lines[from].text.empty()) ++from;
  return from;
}

size_t count_words(std::string_view text) {
  size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace pharos::importer
