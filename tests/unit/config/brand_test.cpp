// page.brand: files read next to the config, colours validated as CSS colours, links http(s)
// only, text keys checked against the table of the site's texts.
#include "config/brand.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "config/config.h"
#include "support/config_assertions.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using testing::HasError;
using testing::TempDir;

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Writes `yaml` as pharos.yaml in `dir` and loads it from there, so relative names resolve
// against that directory.
LoadedConfig load(const TempDir& dir, const std::string& yaml) {
  write(dir.file("pharos.yaml"), yaml);
  return load_config_file(dir.file("pharos.yaml"));
}

TEST(BrandConfigTest, ReadsEveryFieldWithFilesNextToTheConfig) {
  TempDir dir;
  write(dir.file("logo.png"), std::string("\x89PNG\r\n\x1a\n-logo-", 14));
  write(dir.file("icon.ico"), "ico-bytes");
  write(dir.file("brand.css"), ".banner { border-radius: 0; }\n");
  auto loaded = load(dir, R"yaml(page:
  name: Acme
  brand:
    logo: logo.png
    logo_alt: Acme Inc.
    favicon: icon.ico
    colors: { accent: "#0a7", header_background: "rgb(10, 20, 30)", major: "hsl(0 80% 40%)" }
    css: brand.css
    links:
      - { label: Support, url: "https://support.acme.example/" }
      - { label: Website, url: "http://acme.example" }
    footer: "© Acme <GmbH>"
    language: de
    strings: { all_operational: "Alle Systeme betriebsbereit", components: Komponenten }
)yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const Brand& b = loaded.config.page.brand;
  EXPECT_EQ(b.logo.bytes.substr(1, 3), "PNG");
  EXPECT_EQ(b.logo.content_type, "image/png");
  EXPECT_EQ(b.logo.extension, "png");
  EXPECT_TRUE(b.logo.url.empty());
  EXPECT_EQ(b.logo_alt, "Acme Inc.");
  EXPECT_EQ(b.favicon.content_type, "image/x-icon");
  EXPECT_EQ(b.favicon.bytes, "ico-bytes");
  EXPECT_EQ(b.colors.accent, "#0a7");
  EXPECT_EQ(b.colors.header_background, "rgb(10, 20, 30)");
  EXPECT_EQ(b.colors.major, "hsl(0 80% 40%)");
  EXPECT_TRUE(b.colors.operational.empty()) << "unset colours keep the built-in ones";
  EXPECT_EQ(b.custom_css, ".banner { border-radius: 0; }\n");
  ASSERT_EQ(b.links.size(), 2u);
  EXPECT_EQ(b.links[0].label, "Support");
  EXPECT_EQ(b.links[1].url, "http://acme.example");
  EXPECT_EQ(b.footer_text, "© Acme <GmbH>") << "kept as text; the site escapes it";
  EXPECT_EQ(b.language, "de");
  EXPECT_EQ(b.text("all_operational"), "Alle Systeme betriebsbereit");
  EXPECT_EQ(b.text("components"), "Komponenten");
  EXPECT_EQ(b.text("past_incidents"), "Past incidents") << "keys not overridden keep the default";
}

TEST(BrandConfigTest, WithoutABrandEveryTextIsTheDefault) {
  auto loaded = parse_config("page: { name: Acme }\n", "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const Brand& b = loaded.config.page.brand;
  EXPECT_TRUE(b.logo.empty());
  EXPECT_TRUE(b.colors.empty());
  EXPECT_TRUE(b.links.empty());
  for (const auto& t : page_text_defaults()) EXPECT_EQ(b.text(t.key), t.text);
}

TEST(BrandConfigTest, AnImageMayBeAnHttpsUrl) {
  auto loaded = parse_config(R"yaml(page:
  name: Acme
  brand: { logo: "https://cdn.acme.example/logo.svg", favicon: "https://cdn.acme.example/f.png" }
)yaml",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  EXPECT_EQ(loaded.config.page.brand.logo.url, "https://cdn.acme.example/logo.svg");
  EXPECT_TRUE(loaded.config.page.brand.logo.bytes.empty());
}

TEST(BrandConfigTest, MissingFilesAreErrorsWithTheirLine) {
  TempDir dir;
  auto loaded = load(dir, R"yaml(page:
  name: Acme
  brand:
    logo: nowhere.png
    favicon: gone.svg
    css: missing.css
)yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 4, "page.brand.logo", "cannot read 'nowhere.png'"));
  EXPECT_TRUE(HasError(loaded, 5, "page.brand.favicon", "cannot read 'gone.svg'"));
  EXPECT_TRUE(HasError(loaded, 6, "page.brand.css", "cannot read 'missing.css'"));
  EXPECT_NE(loaded.describe().find("pharos.yaml:4:"), std::string::npos) << loaded.describe();
}

TEST(BrandConfigTest, RefusesImagesOfOtherKindsAndTooLargeFiles) {
  TempDir dir;
  write(dir.file("logo.exe"), "MZ");
  write(dir.file("big.png"), std::string(config::kMaxBrandImageBytes + 1, 'x'));
  auto loaded = load(dir, R"yaml(page:
  name: Acme
  brand:
    logo: logo.exe
    favicon: big.png
)yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 4, "page.brand.logo", "use a .svg, .png"));
  EXPECT_TRUE(HasError(loaded, 5, "page.brand.favicon", "the limit is 512 KiB"));
}

TEST(BrandConfigTest, RefusesColoursThatAreNotPlainCssColours) {
  auto loaded = parse_config(R"yaml(page:
  name: Acme
  brand:
    colors:
      accent: "red; } body { display: none"
      operational: "#12345"
      major: "url(https://evil.example/x)"
      degraded: "rgb(1,2,3) } *{"
      partial: "expression(alert(1))"
      colour: "#fff"
)yaml",
                             "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 5, "page.brand.colors.accent", "is not a colour Pharos accepts"));
  EXPECT_TRUE(HasError(loaded, 6, "page.brand.colors.operational", "not a colour"));
  EXPECT_TRUE(HasError(loaded, 7, "page.brand.colors.major", "not a colour"));
  EXPECT_TRUE(HasError(loaded, 8, "page.brand.colors.degraded", "not a colour"));
  EXPECT_TRUE(HasError(loaded, 9, "page.brand.colors.partial", "not a colour"));
  EXPECT_TRUE(HasError(loaded, 10, "page.brand.colors.colour", "unknown key 'colour'"));
}

TEST(BrandConfigTest, CssColourForms) {
  using config::is_css_color;
  for (const char* ok : {"#fff", "#ffff", "#0a0b0c", "#0A0B0C80", "rgb(1, 2, 3)", "rgba(1,2,3,.5)",
                         "rgb(1 2 3 / 50%)", "hsl(120, 50%, 40%)", "hsla(120 50% 40% / .3)"}) {
    EXPECT_TRUE(is_css_color(ok)) << ok;
  }
  for (const char* bad :
       {"", "#", "#ff", "#fffff", "#ggg", "red", "rgb()", "rgb(1,2,3);", "rgb(1,2,3)x",
        "rgb(var(--x))", "rgb(1,2,3) !important", "\"#fff\"", "#fff;", "calc(1)"}) {
    EXPECT_FALSE(is_css_color(bad)) << bad;
  }
}

TEST(BrandConfigTest, RefusesLinksThatAreNotHttp) {
  auto loaded = parse_config(R"yaml(page:
  name: Acme
  brand:
    links:
      - { label: Help, url: "javascript:alert(1)" }
      - { label: Mail, url: "mailto:help@acme.example" }
      - { label: Quote, url: "https://acme.example/\"onmouseover=x" }
      - { url: "https://acme.example" }
    logo: "http://cdn.acme.example/logo.png"
)yaml",
                             "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 5, "page.brand.links[0].url", "http:// or https://"));
  EXPECT_TRUE(HasError(loaded, 6, "page.brand.links[1].url", "http:// or https://"));
  EXPECT_TRUE(HasError(loaded, 7, "page.brand.links[2].url", "no spaces or quotes"));
  EXPECT_TRUE(HasError(loaded, 8, "page.brand.links[3].label", "missing required key 'label'"));
  EXPECT_TRUE(HasError(loaded, 9, "page.brand.logo", "must be https://"));
}

TEST(BrandConfigTest, UnknownTextKeysAreErrorsNamingTheKey) {
  auto loaded = parse_config(R"yaml(page:
  name: Acme
  brand:
    language: "de; x"
    strings:
      all_operational: Alles gut
      all_operationl: Tippfehler
      banner_text: Nope
)yaml",
                             "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 4, "page.brand.language", "not a language tag"));
  EXPECT_TRUE(HasError(loaded, 7, "page.brand.strings.all_operationl",
                       "unknown text key 'all_operationl'; did you mean 'all_operational'?"));
  EXPECT_TRUE(HasError(loaded, 8, "page.brand.strings.banner_text", "unknown text key"));
}

TEST(BrandConfigTest, TextKeysAreUnique) {
  std::set<std::string_view> seen;
  for (const auto& t : page_text_defaults()) {
    EXPECT_TRUE(seen.insert(t.key).second) << "twice: " << t.key;
    EXPECT_TRUE(is_page_text_key(t.key));
    EXPECT_FALSE(t.text.empty()) << t.key;
  }
  EXPECT_FALSE(is_page_text_key("no_such_key"));
}

}  // namespace
}  // namespace pharos
