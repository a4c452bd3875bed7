#include "site/brand_assets.h"

#include "site/snapshot.h"

namespace pharos::site {
namespace {

constexpr const char* kBrandDir = "/static/brand/";

}  // namespace

std::string theme_css(const BrandColors& c) {
  if (c.empty()) return {};
  // The values were validated as CSS colours when the config was read (config/brand.h), so none
  // can close a declaration or a rule.
  std::string vars;
  auto var = [&](const char* name, const std::string& value) {
    if (!value.empty()) vars.append(name).append(": ").append(value).append("; ");
  };
  var("--ok", c.operational);
  var("--degraded", c.degraded);
  var("--partial", c.partial);
  var("--major", c.major);
  var("--maint", c.maintenance);
  var("--accent", c.accent);
  var("--header-bg", c.header_background);
  var("--header-ink", c.header_text);
  std::string out = "/* The page's brand colours (pharos.yaml page.brand.colors). */\n";
  if (!vars.empty()) out += ":root { " + vars + "}\n";
  if (!c.accent.empty()) {
    out +=
        "a { color: var(--accent); }\n"
        ".site-header { border-bottom: 3px solid var(--accent); }\n";
  }
  if (!c.header_background.empty()) out += ".site-header { background: var(--header-bg); }\n";
  if (!c.header_text.empty()) {
    out +=
        ".brand, .brand span, .site-header nav a, .site-header nav a:hover "
        "{ color: var(--header-ink); }\n";
  }
  return out;
}

BrandAssets brand_assets(const Brand& brand) {
  BrandAssets out;
  auto add = [&](const std::string& stem, const std::string& ext, std::string body,
                 std::string type) {
    std::string path = kBrandDir + stem + "-" + content_hash(body) + "." + ext;
    out.files.push_back({path, std::move(body), std::move(type)});
    return path;
  };
  if (!brand.logo.url.empty()) {
    out.logo_src = brand.logo.url;
  } else if (!brand.logo.bytes.empty()) {
    out.logo_src = add("logo", brand.logo.extension, brand.logo.bytes, brand.logo.content_type);
  }
  if (!brand.favicon.url.empty()) {
    out.favicon_href = brand.favicon.url;
  } else if (!brand.favicon.bytes.empty()) {
    out.favicon_href =
        add("favicon", brand.favicon.extension, brand.favicon.bytes, brand.favicon.content_type);
    out.favicon_type = brand.favicon.content_type;
  }
  if (std::string theme = theme_css(brand.colors); !theme.empty()) {
    out.theme_href = add("theme", "css", std::move(theme), "text/css; charset=utf-8");
  }
  if (!brand.custom_css.empty()) {
    out.custom_href = add("custom", "css", brand.custom_css, "text/css; charset=utf-8");
  }
  return out;
}

}  // namespace pharos::site
