#include "cluster/lease_share.h"

#include <algorithm>
#include <iterator>

namespace pharos::cluster {

std::vector<std::string> competitors(const std::vector<NodeRecord>& live,
                                     const std::string& location, const std::string& self) {
  std::vector<std::string> ids;
  for (const auto& n : live) {
    if (location.empty() || n.location == location) ids.push_back(n.id);
  }
  if (std::find(ids.begin(), ids.end(), self) == ids.end()) ids.push_back(self);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::size_t fair_share(std::size_t leases, const std::vector<std::string>& competitors,
                       const std::string& self) {
  auto at = std::lower_bound(competitors.begin(), competitors.end(), self);
  if (at == competitors.end() || *at != self || competitors.empty()) return 0;
  auto rank = static_cast<std::size_t>(at - competitors.begin());
  std::size_t k = competitors.size();
  return leases / k + (rank < leases % k ? 1 : 0);
}

ShareStep share_step(const std::set<std::string>& held, std::size_t share) {
  ShareStep step;
  if (held.size() > share) {
    auto excess = static_cast<std::ptrdiff_t>(held.size() - share);
    step.release.assign(std::prev(held.end(), excess), held.end());
  } else {
    step.claim = share - held.size();
  }
  return step;
}

}  // namespace pharos::cluster
