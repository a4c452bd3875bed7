#pragma once
// Where a page's brand files are served and what they hold: the logo, the favicon, the colours
// as a small stylesheet and the owner's stylesheet, each under /static/brand/ with a content hash
// in its name, so browsers may keep them for a year and a changed file is a new address.
#include <string>
#include <vector>

#include "domain/brand.h"

namespace pharos::site {

struct BrandFile {
  std::string path;  // "/static/brand/logo-<hash>.png"
  std::string body;
  std::string content_type;
};

struct BrandAssets {
  std::string logo_src;          // empty: the page name is shown instead
  std::string favicon_href;      // empty: the built-in icon
  std::string favicon_type;      // its content type
  std::string theme_href;        // the colours' stylesheet; empty without colours
  std::string custom_href;       // the owner's stylesheet; empty without one
  std::vector<BrandFile> files;  // what the page serves itself (not the https:// images)
};

// Computes the addresses and bodies above (hashing the files: once per rebuild, not per page).
BrandAssets brand_assets(const Brand& brand);

// The colours as CSS overriding the built-in stylesheet's variables; empty without colours.
std::string theme_css(const BrandColors& colors);

}  // namespace pharos::site
