#include "core/log.h"

#include <chrono>
#include <mutex>
#include <utility>

#include "core/text.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

namespace pharos::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};

spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_logger_mt("pharos");
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *instance;
}

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || c == '\n' || c == '\t' || c == '\r') return true;
  }
  return false;
}

void append_value(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out += v;
    return;
  }
  // JSON string escaping keeps one event on one line and is read by every log tool.
  out += '"';
  out += json_escape(v);
  out += '"';
}

}  // namespace

Result<Level> parse_level(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warn" || name == "warning") return Level::kWarn;
  if (name == "error") return Level::kError;
  if (name == "off") return Level::kOff;
  return Error::invalid("unknown log level '" + std::string(name) +
                        "' (use debug, info, warn, error or off)");
}

void set_level(Level level) { g_level.store(level); }
Level level() { return g_level.load(); }

std::string format_line(std::string_view event, std::initializer_list<Field> fields) {
  std::string line = "event=";
  line += event;
  for (const Field& f : fields) {
    line += ' ';
    line += f.key;
    line += '=';
    append_value(line, f.value);
  }
  return line;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (level < g_level.load() || level == Level::kOff) return;
  static constexpr spdlog::level::level_enum kMap[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
  logger().log(kMap[static_cast<int>(level)], format_line(event, fields));
}

struct FailureLog::State {
  std::mutex mu;
  bool failing = false;                   // GUARDED_BY(mu)
  ErrorCode code = ErrorCode::kInternal;  // GUARDED_BY(mu): of the failure logged last
  std::int64_t failures = 0;              // GUARDED_BY(mu): attempts failed since the last success
  std::chrono::steady_clock::time_point since;  // GUARDED_BY(mu)
};

FailureLog::FailureLog(std::string_view failed_event, std::string_view recovered_event, Level level)
    : failed_event_(failed_event),
      recovered_event_(recovered_event),
      level_(level),
      state_(std::make_unique<State>()) {}

FailureLog::~FailureLog() = default;

void FailureLog::failed(const Error& error) {
  {
    std::lock_guard lock(state_->mu);
    ++state_->failures;
    if (state_->failing && state_->code == error.code) return;  // still the same trouble
    if (!state_->failing) state_->since = std::chrono::steady_clock::now();
    state_->failing = true;
    state_->code = error.code;
  }
  write(level_, failed_event_,
        {kv("error", error.describe()), kv("note", "logged once until it works again")});
}

void FailureLog::succeeded() {
  std::int64_t failures = 0;
  double seconds = 0;
  {
    std::lock_guard lock(state_->mu);
    if (!state_->failing) return;
    state_->failing = false;
    failures = std::exchange(state_->failures, 0);
    seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - state_->since).count();
  }
  write(Level::kInfo, recovered_event_,
        {kv("failed_attempts", failures), kv("after_seconds", seconds)});
}

bool FailureLog::failing() const {
  std::lock_guard lock(state_->mu);
  return state_->failing;
}

}  // namespace pharos::log
