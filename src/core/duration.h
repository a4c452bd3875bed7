#pragma once
// Durations as people write them in pharos.yaml ("800ms", "30s", "5m", "2h", "14d", "1h30m") and
// as the status pages print them ("2d 18h", "8d 5h", "40m").
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos {

// Parses a sequence of <integer><unit> with units ms, s, m, h, d, w. "0" alone means zero.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

// The compact form of the seed pages, two most significant units, truncated:
//   2d 18h 59m -> "2d 18h";  3d 0h -> "3d";  5h 7m -> "5h 7m";  40m 10s -> "40m";  45s -> "45s".
std::string format_duration_short(std::chrono::seconds d);

// The config form, the largest exact unit: 30000ms -> "30s", 90s -> "90s", 300s -> "5m".
std::string format_duration_config(std::chrono::milliseconds d);

}  // namespace pharos
