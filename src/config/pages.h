#pragma once
// The page mappings of pharos.yaml: the main `page:` and the entries of `pages:` (issue 20), read
// by one function so a setting every page has (name, time zone, access, brand…) is parsed once.
#include "config/reader.h"

namespace pharos::config {

// Reads one page mapping at `field` into `spec`: the main `page:` (`main` true: no slug, path,
// hosts or catalog keys) or an entry of `pages:`. Entries are checked against `config`'s
// components, groups and vendors, which must be read already.
void read_page_mapping(Reader& r, const YAML::Node& node, const std::string& field, bool main,
                       const Config& config, PageSpec& spec);

// Reads root["pages"] (absent or null: none) into config.pages and checks slugs, paths and hosts
// for duplicates and for collisions with the server's own routes. After read_page_mapping of the
// main page, the catalog and vendors.
void read_pages(Reader& r, const YAML::Node& node, Config& config);

// First path segments the server answers itself; a page's path may not be one of them.
const std::vector<std::string_view>& reserved_page_paths();

}  // namespace pharos::config
