#pragma once
// gtest assertion for config diagnostics: "there is an error at this line, on this field, whose
// message contains this text" — printing every diagnostic when there is not.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <string_view>

#include "config/config.h"

namespace pharos::testing {

inline ::testing::AssertionResult HasError(const LoadedConfig& loaded, int line,
                                           const std::string& field,
                                           const std::string& message_part) {
  for (const auto& e : loaded.errors) {
    if (e.line == line && e.field == field && e.message.find(message_part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no error at line " << line << " field " << field
                                       << " containing '" << message_part << "'; got:\n"
                                       << loaded.describe();
}

// Every error that `yaml` marks, each checked as HasError does. A mark is a comment line
// `# ^ field: message part` below the line the error belongs to (several marks may follow one
// line), so each expected error stands next to its cause and no line number is counted by hand.
// `first_line` is the line of the loaded file where `yaml` starts (a test may prepend a fixed
// head). Fails when `yaml` marks nothing, so a test that lost its marks cannot pass.
inline ::testing::AssertionResult HasMarkedErrors(const LoadedConfig& loaded, std::string_view yaml,
                                                  int first_line = 1) {
  constexpr std::string_view kMark = "# ^ ";
  std::istringstream lines{std::string(yaml)};
  std::string text, missing;
  int number = first_line - 1, marked_line = 0, marks = 0;
  while (std::getline(lines, text)) {
    ++number;
    const auto start = text.find_first_not_of(' ');
    if (start == std::string::npos || text.compare(start, kMark.size(), kMark) != 0) {
      marked_line = number;
      continue;
    }
    ++marks;
    const std::string mark = text.substr(start + kMark.size());
    const auto colon = mark.find(": ");
    const std::string field = mark.substr(0, colon);
    const std::string message = colon == std::string::npos ? "" : mark.substr(colon + 2);
    if (!HasError(loaded, marked_line, field, message)) {
      missing += "line " + std::to_string(marked_line) + " " + field + ": " + message + "\n";
    }
  }
  if (marks == 0) return ::testing::AssertionFailure() << "the YAML marks no error";
  if (missing.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no error for these marks:\n"
                                       << missing << "got:\n"
                                       << loaded.describe();
}

}  // namespace pharos::testing
