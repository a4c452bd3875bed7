#pragma once
// Reports as numbered lines, the unit every text-layout parser works on. HTML input is turned
// into the same lines (html_text.h), so one parser serves both.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharos::importer {

struct Line {
  int number = 0;    // 1-based line in the input file
  std::string text;  // trimmed of spaces, tabs and non-breaking spaces at both ends
};

// Splits on \n (dropping \r), trims each line, keeps blank lines (paragraph breaks).
std::vector<Line> split_lines(std::string_view text);

// Replaces each non-breaking space (U+00A0) with a plain space and drops carriage returns.
std::string normalise_spaces(std::string s);

// Trims ASCII whitespace and U+00A0 (NBSP) from both ends.
std::string trim_text(std::string_view s);

// "ResolvedResolved" -> "Resolved", "In progressIn progress" -> "In progress"; nullopt when the
// text is not a word (or words) printed twice.
std::optional<std::string> undouble(std::string_view s);

// Joins body lines into Markdown: consecutive non-blank lines stay together with "\n", a run of
// blank lines becomes one paragraph break; leading and trailing blanks are dropped.
std::string join_body(const std::vector<Line>& lines, size_t begin, size_t end);

// Index of the next non-blank line at or after `from`, or lines.size().
size_t next_nonblank(const std::vector<Line>& lines, size_t from);

// Word count of `text` (runs of characters other than space, tab and newline).
size_t count_words(std::string_view text);

}  // namespace pharos::importer
