#pragma once
// Tables of enum values and their wire names ({value, "name"} pairs), read both ways: the one
// helper behind every to_string/parse_* pair (domain statuses, roles and scopes, subscriber and
// event kinds).
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace pharos {

template <typename E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// The value named `name`, or nullopt when the table has none.
template <typename E, std::size_t N>
std::optional<E> enum_from_name(const EnumNames<E, N>& table, std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

// The name of `value`, or "unknown" when the table lacks it.
template <typename E, std::size_t N>
std::string_view enum_name(const EnumNames<E, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "unknown";
}

}  // namespace pharos
