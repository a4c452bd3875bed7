#pragma once
// Tables of enum values and their wire names, read both ways: the one helper behind every
// to_string/parse_* pair (domain statuses, roles and scopes, subscriber and event kinds). A table's
// rows are EnumName, or any struct that starts with `value` and `name` and carries more facts
// about each value (a label, a rank), so that everything known about one value stands in one row.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace pharos {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
using EnumNames = std::array<EnumName<E>, N>;

// The row of `value`, or nullptr when the table has none.
template <typename Row, std::size_t N>
const Row* enum_row(const std::array<Row, N>& table, decltype(Row::value) value) {
  for (const auto& row : table) {
    if (row.value == value) return &row;
  }
  return nullptr;
}

// The value named `name`, or nullopt when the table has none.
template <typename Row, std::size_t N>
std::optional<decltype(Row::value)> enum_from_name(const std::array<Row, N>& table,
                                                   std::string_view name) {
  for (const auto& row : table) {
    if (row.name == name) return row.value;
  }
  return std::nullopt;
}

// The name of `value`, or "unknown" when the table lacks it.
template <typename Row, std::size_t N>
std::string_view enum_name(const std::array<Row, N>& table, decltype(Row::value) value) {
  const Row* row = enum_row(table, value);
  return row != nullptr ? row->name : "unknown";
}

}  // namespace pharos
