#pragma once
// `slo: { target: 99.9%, window: 30d }` on a component or a group → a validated SloSpec
// (domain/slo.h; reports/slo.h turns it into an error budget and burn rates).
#include <optional>
#include <string>

#include "config/reader.h"
#include "domain/slo.h"

namespace pharos::config {

// The longest SLO window: daily data is kept at least this long (docs/reports.md).
inline constexpr std::chrono::hours kMaxSloWindow{24 * 400};

// Reads map["slo"] of the component or group `target_id` (`field` is its path, e.g.
// "components[2]"); absent: nullopt. Errors name the key: target must be a percentage above 0
// and below 100 ("99.9%" or 99.9), window a duration from 1h to 400d (default 30d).
std::optional<SloSpec> read_slo(Reader& r, const YAML::Node& map, const std::string& field,
                                const std::string& target_id, bool group);

}  // namespace pharos::config
