#pragma once
// Structured logging: one line per event, `time level=… event=… key=value …`, to stderr.
// A thin facade over spdlog so no other module includes spdlog. Never pass secrets as values.
#include <concepts>
#include <initializer_list>
#include <memory>
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
requires std::integral<T> || std::floating_point<T> Field kv(std::string_view key, T value) {
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

// A task that retries forever (a poll, a flush, a loop tick) logs its failures once per change of
// state, not once per attempt: the first failure after success (and a failure of another kind),
// then one line when it works again, with how many attempts failed and since when. A database
// outage then costs each task two lines, however long it lasts. Thread-safe.
//
//   FailureLog refresh("site.refresh_failed", "site.refresh_recovered");
//   refresh.note(cache.refresh());   // every 250 ms
class FailureLog {
 public:
  FailureLog(std::string_view failed_event, std::string_view recovered_event,
             Level level = Level::kWarn);
  ~FailureLog();
  FailureLog(const FailureLog&) = delete;
  FailureLog& operator=(const FailureLog&) = delete;

  void failed(const Error& error);
  void succeeded();
  // failed(error) or succeeded(), from an attempt's outcome.
  template <typename T>
  void note(const Result<T>& outcome) {
    if (outcome) {
      succeeded();
    } else {
      failed(outcome.error());
    }
  }
  // True while the last attempt failed.
  bool failing() const;

 private:
  struct State;
  std::string failed_event_, recovered_event_;
  Level level_;
  std::unique_ptr<State> state_;
};

}  // namespace pharos::log
