#include "config/sections.h"

#include "config/monitors.h"

namespace pharos::config {

void read_extra_sections(Reader& r, const YAML::Node& root, Config& config) {
  read_monitors(r, root["monitors"], config);
}

}  // namespace pharos::config
