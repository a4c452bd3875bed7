#pragma once
// The top-level keys of pharos.yaml and the hook through which further sections (monitors,
// vendors, notify…) are read. Each section lives in its own file in this folder.
#include <string_view>
#include <vector>

#include "config/reader.h"

namespace pharos::config {

inline const std::vector<std::string_view>& top_level_keys() {
  static const std::vector<std::string_view> kKeys = {
      "page",     "listen", "storage", "log_level", "groups", "components", "automation",
      "monitors", "notify", "vendors", "http",      "node",   "metrics",    "pages",
  };
  return kKeys;
}

// Reads the sections beyond the catalog. Kept separate so each later section adds one call here.
void read_extra_sections(Reader& r, const YAML::Node& root, Config& config);

}  // namespace pharos::config
