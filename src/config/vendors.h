#pragma once
// The `vendors:` section of pharos.yaml → validated VendorSpecs (docs/configuration.md lists every
// key), and the check of components' `depends_on: vendor:<slug>/<component>` references.
#include "config/reader.h"

namespace pharos::config {

// Reads root["vendors"] (absent or null: no vendors) into config.vendors, then checks every
// component's vendor:… dependency against them. Components must already be read.
void read_vendors(Reader& r, const YAML::Node& root, Config& config);

}  // namespace pharos::config
