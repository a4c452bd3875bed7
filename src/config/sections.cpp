#include "config/sections.h"

namespace pharos::config {

void read_extra_sections(Reader& /*r*/, const YAML::Node& /*root*/, Config& /*config*/) {}

}  // namespace pharos::config
