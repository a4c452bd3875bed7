#pragma once
// The built-in demo: a realistic page (groups, components, monitors against local targets) used by
// `pharos serve --demo` and `--demo` on every command.
#include <string>

namespace pharos {

// The demo's pharos.yaml.
const std::string& demo_config_yaml();

}  // namespace pharos
