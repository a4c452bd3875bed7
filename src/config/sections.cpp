#include "config/sections.h"

#include "config/monitors.h"
#include "config/node.h"
#include "config/notify.h"
#include "config/vendors.h"

namespace pharos::config {

void read_extra_sections(Reader& r, const YAML::Node& root, Config& config) {
  read_monitors(r, root["monitors"], config);
  read_notify(r, root["notify"], config);
  read_vendors(r, root, config);
  read_node(r, root["node"], config);
}

}  // namespace pharos::config
