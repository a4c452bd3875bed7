#pragma once
// Structured logging: one line per event, `time level=… event=… key=value …`, to stderr.
// A thin facade over spdlog so no other module includes spdlog. Never pass secrets as values.
#include <concepts>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

Result<Level> parse_level(std::string_view name);  // debug|info|warn|error|off
void set_level(Level level);
Level level();

struct Field {
  std::string_view key;
  std::string value;
};

inline Field kv(std::string_view key, std::string_view value) { return {key, std::string(value)}; }
inline Field kv(std::string_view key, const std::string& value) { return {key, value}; }
inline Field kv(std::string_view key, const char* value) { return {key, std::string(value)}; }
inline Field kv(std::string_view key, bool value) { return {key, value ? "true" : "false"}; }
template <typename T>
  requires std::integral<T> || std::floating_point<T>
Field kv(std::string_view key, T value) {
  return {key, std::to_string(value)};
}

// Formats `event key=value …`, quoting values that contain spaces, quotes or '='.
std::string format_line(std::string_view event, std::initializer_list<Field> fields);

void write(Level level, std::string_view event, std::initializer_list<Field> fields);

inline void debug(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kDebug, event, fields);
}
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kInfo, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kWarn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::kError, event, fields);
}

}  // namespace pharos::log
