#pragma once
// `brand:` of a page → a validated Brand (domain/brand.h): logo and favicon (a file next to the
// config, read now, or an https URL), colours, a custom stylesheet file, header links, footer
// text, the language and overrides of the page's fixed texts. See docs/configuration.md, "Brand".
#include <string>
#include <string_view>

#include "config/reader.h"
#include "domain/brand.h"

namespace pharos::config {

// Caps on what a page serves from memory.
inline constexpr std::size_t kMaxBrandImageBytes = 512 * 1024;
inline constexpr std::size_t kMaxCustomCssBytes = 256 * 1024;
inline constexpr std::size_t kMaxBrandLinks = 8;

// Reads page_node["brand"] (absent: the default brand) of the page at `field` ("page", or one
// entry of `pages:`) into `brand`. Relative file names are resolved against the directory of
// the config file. Every problem is reported with file:line and its field.
void read_brand(Reader& r, const YAML::Node& page_node, const std::string& field, Brand& brand);

// A CSS colour Pharos accepts: #rgb, #rgba, #rrggbb, #rrggbbaa, or rgb()/rgba()/hsl()/hsla()
// with numbers, %, commas, slashes and spaces only — nothing that could end the declaration.
bool is_css_color(std::string_view value);

}  // namespace pharos::config
