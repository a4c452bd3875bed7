#pragma once
// The owner's brand on a page: logo, favicon, colours, custom stylesheet, header links, footer
// text and the public site's fixed texts, each overridable (docs/configuration.md, "Brand").
// Plain values, read from pharos.yaml by the config module (files already read into memory, so
// the site renders and exports without touching the disk) and rendered by the site module.
// Every field empty means the page as Pharos draws it without a brand.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pharos {

// An image the page serves itself (from its /static/brand/ route, under a content hash) or links
// to (an https URL). At most one of the two is set.
struct BrandImage {
  std::string url;           // https://…; the page links to it as is
  std::string bytes;         // the file's content, read when the config was loaded
  std::string content_type;  // "image/png", "image/svg+xml"… (from the file's extension)
  std::string extension;     // "png", "svg"… (the served name keeps it)

  bool empty() const { return url.empty() && bytes.empty(); }

  bool operator==(const BrandImage&) const = default;
};

// A link in the page header ("Support", "Website"): http(s) only.
struct BrandLink {
  std::string label;
  std::string url;

  bool operator==(const BrandLink&) const = default;
};

// Colours as CSS colour values, validated (hex, rgb()/rgba(), hsl()/hsla()); empty keeps the
// built-in colour. Each maps to one variable of the built-in stylesheet (web/static/pharos.css).
struct BrandColors {
  std::string accent;             // links, the header's bottom rule
  std::string header_background;  // --card of the header
  std::string header_text;        // page name and header links
  std::string operational, degraded, partial, major, maintenance;  // the status colours

  bool empty() const {
    return accent.empty() && header_background.empty() && header_text.empty() &&
           operational.empty() && degraded.empty() && partial.empty() && major.empty() &&
           maintenance.empty();
  }

  bool operator==(const BrandColors&) const = default;
};

// The fixed texts of the public site by key, with their English defaults. A page's overrides
// (`brand.strings`) replace single texts; unknown keys are refused when the config is read.
struct PageTextDefault {
  std::string_view key;
  std::string_view text;
  std::string_view where;  // where the text appears (the docs' table)
};
const std::vector<PageTextDefault>& page_text_defaults();
// Whether `key` names one of the texts above.
bool is_page_text_key(std::string_view key);

struct Brand {
  BrandImage logo;
  std::string logo_alt;  // the logo's alternative text; default: the page name
  BrandImage favicon;
  BrandColors colors;
  std::string custom_css;        // the owner's stylesheet, served after the built-in one
  std::vector<BrandLink> links;  // header links, in file order
  std::string footer_text;       // plain text; escaped when rendered
  std::string language;          // <html lang>; empty: "en"
  std::map<std::string, std::string, std::less<>> strings;  // overrides by key

  // The text for `key`: the page's override, else the default. `key` must be a known key (a
  // typo in the code shows the key itself on the page, and the unit tests catch it).
  std::string_view text(std::string_view key) const;

  bool operator==(const Brand&) const = default;
};

}  // namespace pharos
