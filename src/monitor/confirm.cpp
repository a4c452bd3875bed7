#include "monitor/confirm.h"

#include <algorithm>

namespace pharos::monitor {

int quorum(int confirm, std::size_t listed, std::size_t reporting) {
  std::size_t of = listed > 0 ? listed : reporting;
  std::size_t k = confirm > 0 ? static_cast<std::size_t>(confirm) : of / 2 + 1;
  return static_cast<int>(std::max<std::size_t>(1, std::min(k, reporting)));
}

ComponentStatus confirmed_status(std::vector<ComponentStatus> statuses, int k) {
  if (statuses.empty()) return ComponentStatus::kOperational;
  auto n = static_cast<int>(statuses.size());
  auto index = static_cast<std::size_t>(std::clamp(k, 1, n) - 1);
  // Worst first: the k-th is the worst status that k locations reach or exceed.
  std::nth_element(statuses.begin(), statuses.begin() + static_cast<std::ptrdiff_t>(index),
                   statuses.end(),
                   [](ComponentStatus a, ComponentStatus b) { return severity(a) > severity(b); });
  return statuses[index];
}

}  // namespace pharos::monitor
