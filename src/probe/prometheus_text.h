#pragma once
// Reads one series' value from a Prometheus text exposition (format 0.0.4).
#include <optional>
#include <string_view>

namespace pharos::probe {

// The value of the first sample matching `series`: a metric name, optionally with label matchers
// that must all be present with equal values ('http_connections{pool="main"}'); extra labels on the
// sample are allowed. nullopt when no sample matches or the value is not a number.
std::optional<double> find_series_value(std::string_view exposition, std::string_view series);

}  // namespace pharos::probe
