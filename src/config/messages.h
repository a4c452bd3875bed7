#pragma once
// `messages:` maps (automation, groups[], components[]): the public text templates of automatic
// incidents (domain/public_text.h). Each template is checked here, so a typo in a variable is a
// config error at its file:line, never a strange sentence on the page.
#include "config/reader.h"
#include "domain/public_text.h"

namespace pharos::config {

// Reads `map[messages]` (absent: empty). Unknown keys and invalid templates are errors.
AutoTexts read_messages(Reader& r, const YAML::Node& map, const std::string& field);

}  // namespace pharos::config
