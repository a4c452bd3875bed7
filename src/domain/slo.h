#pragma once
// A service level objective on a component or a group, from pharos.yaml:
//   slo: { target: 99.9%, window: 30d }
// The objective is the uptime (domain/availability.h) the target should keep over every rolling
// window of that length; reports/slo.h turns it into an error budget and burn rates.
#include <string>

#include "core/time.h"

namespace pharos {

struct SloSpec {
  std::string target_id;     // the component or group id
  bool group = false;        // target_id names a group (its uptime is the mean of its components')
  double objective = 0.999;  // a fraction in (0, 1): 99.9% → 0.999
  Millis window{std::chrono::hours(24 * 30)};

  bool operator==(const SloSpec&) const = default;
};

}  // namespace pharos
