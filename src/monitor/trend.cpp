#include "monitor/trend.h"

#include <cmath>

namespace pharos::monitor {

std::optional<std::chrono::milliseconds> time_to_limit(const std::deque<Sample>& samples,
                                                       double limit) {
  if (samples.size() < 3) return std::nullopt;
  // Seconds relative to the first sample keep the sums well conditioned.
  const Instant origin = samples.front().at;
  double n = static_cast<double>(samples.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& s : samples) {
    double x = std::chrono::duration<double>(s.at - origin).count();
    sx += x;
    sy += s.value;
    sxx += x * x;
    sxy += x * s.value;
  }
  double denom = n * sxx - sx * sx;
  if (denom <= 0) return std::nullopt;
  double slope = (n * sxy - sx * sy) / denom;  // units per second
  double last = samples.back().value;
  // An upper limit when it is at or above where the window started, a lower one otherwise.
  bool upper = limit >= samples.front().value;
  if (upper ? last >= limit : last <= limit) return std::chrono::milliseconds(0);
  if (slope == 0 || (slope > 0) != upper) return std::nullopt;
  double seconds = (limit - last) / slope;
  if (!std::isfinite(seconds) || seconds > 1e10) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

}  // namespace pharos::monitor
