#include "vendor_status/write_log.h"

#include <utility>

namespace pharos::vendor_status {

void VendorWriteLog::saved(const std::string& slug, std::int64_t before, std::int64_t after) {
  if (after != before + 1) return;  // someone else wrote meanwhile: the range stays unexplained
  std::lock_guard lock(mu_);
  by_revision_[after] = slug;
  while (by_revision_.size() > kKeep) by_revision_.erase(by_revision_.begin());
}

std::optional<std::set<std::string>> VendorWriteLog::explain(std::int64_t from,
                                                             std::int64_t to) const {
  std::set<std::string> slugs;
  if (to < from) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = by_revision_.upper_bound(from);
  for (std::int64_t r = from + 1; r <= to; ++r, ++it) {
    if (it == by_revision_.end() || it->first != r) return std::nullopt;
    slugs.insert(it->second);
  }
  return slugs;
}

void VendorWriteLog::components_written(const std::string& slug) {
  std::lock_guard lock(mu_);
  components_.insert(slug);
}

std::set<std::string> VendorWriteLog::take_components_written() {
  std::lock_guard lock(mu_);
  return std::exchange(components_, {});
}

}  // namespace pharos::vendor_status
