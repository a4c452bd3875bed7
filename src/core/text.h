#pragma once
// Small text helpers used across modules.
#include <string>
#include <string_view>
#include <vector>

namespace pharos {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool starts_with_ci(std::string_view s, std::string_view prefix);
bool equals_ci(std::string_view a, std::string_view b);
std::vector<std::string> split(std::string_view s, char sep);
// Joins with ", " and a final " and " ("A", "A and B", "A, B and C").
std::string join_human(const std::vector<std::string>& items);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view s);
// Escapes a string for a JSON string literal (without the surrounding quotes).
std::string json_escape(std::string_view s);

}  // namespace pharos
