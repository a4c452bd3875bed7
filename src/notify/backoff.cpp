#include "notify/backoff.h"

#include <algorithm>

namespace pharos::notify {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double unit_random) {
  double nominal = static_cast<double>(base.count());
  double cap = static_cast<double>(max.count());
  for (int i = 1; i < attempt && nominal < cap; ++i) nominal *= 2;
  nominal = std::min(nominal, cap);
  double factor = 0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(nominal * factor));
}

}  // namespace pharos::notify
