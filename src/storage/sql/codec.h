#pragma once
// Conversions between domain values and their column forms (the same on every engine).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "storage/db/sql.h"

namespace pharos::sql {

inline std::int64_t to_millis(Instant at) { return at.time_since_epoch().count(); }
inline Instant from_millis(std::int64_t ms) { return Instant(Millis(ms)); }
inline std::optional<std::int64_t> to_millis(const std::optional<Instant>& at) {
  if (!at) return std::nullopt;
  return to_millis(*at);
}
inline std::optional<Instant> from_millis(const std::optional<std::int64_t>& ms) {
  if (!ms) return std::nullopt;
  return from_millis(*ms);
}

// Lists of ids are stored newline-separated (ids never contain newlines).
inline std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

inline std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Reading a row into fields, in column order: each field's type says how its column is decoded
// (text, integer, 0/1 as bool, epoch ms as Instant, NULL as nullopt), so a row reader lists its
// fields in SELECT order instead of numbering columns and repeating conversions.
inline void read_column(const db::Row& r, int column, std::string& out) { out = r.text(column); }
inline void read_column(const db::Row& r, int column, std::int64_t& out) { out = r.int64(column); }
inline void read_column(const db::Row& r, int column, int& out) {
  out = static_cast<int>(r.int64(column));
}
inline void read_column(const db::Row& r, int column, bool& out) { out = r.int64(column) != 0; }
inline void read_column(const db::Row& r, int column, Instant& out) {
  out = from_millis(r.int64(column));
}
inline void read_column(const db::Row& r, int column, std::optional<Instant>& out) {
  out = from_millis(r.optional_int64(column));
}

// Columns first, first + 1, … into `fields`.
template <typename... Fields>
void read_columns(const db::Row& r, int first, Fields&... fields) {
  int column = first;
  (read_column(r, column++, fields), ...);
}

}  // namespace pharos::sql
