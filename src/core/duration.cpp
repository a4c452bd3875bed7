#include "core/duration.h"

#include <charconv>
#include <limits>

namespace pharos {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto fail = [&](const std::string& why) {
    return Error::invalid("invalid duration '" + std::string(text) + "': " + why +
                          " (write e.g. 800ms, 30s, 5m, 2h, 14d or 1h30m)");
  };
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return fail("empty");
  long long total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    long long n = 0;
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), n);
    if (ec != std::errc() || ptr == first) return fail("expected a number");
    if (n < 0) return fail("negative");
    pos += static_cast<size_t>(ptr - first);
    size_t unit_start = pos;
    while (pos < text.size() && text[pos] >= 'a' && text[pos] <= 'z') ++pos;
    std::string_view unit = text.substr(unit_start, pos - unit_start);
    long long scale = 0;
    if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60'000;
    else if (unit == "h")
      scale = 3'600'000;
    else if (unit == "d")
      scale = 86'400'000;
    else if (unit == "w")
      scale = 604'800'000;
    else
      return fail(unit.empty() ? "missing unit" : "unknown unit '" + std::string(unit) + "'");
    if (n > std::numeric_limits<long long>::max() / scale - total / scale) return fail("too large");
    total += n * scale;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration_short(std::chrono::seconds d) {
  long long s = d.count() < 0 ? 0 : d.count();
  long long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
  auto pair = [](long long a, const char* ua, long long b, const char* ub) {
    std::string out = std::to_string(a) + ua;
    if (b > 0) out += " " + std::to_string(b) + ub;
    return out;
  };
  if (days > 0) return pair(days, "d", hours, "h");
  if (hours > 0) return pair(hours, "h", minutes, "m");
  if (minutes > 0) return std::to_string(minutes) + "m";
  return std::to_string(s) + "s";
}

std::string format_duration_config(std::chrono::milliseconds d) {
  long long ms = d.count();
  struct Unit {
    long long scale;
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {604'800'000, "w"}, {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}};
  if (ms == 0) return "0";
  for (const auto& u : kUnits) {
    if (ms % u.scale == 0) return std::to_string(ms / u.scale) + u.name;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace pharos
