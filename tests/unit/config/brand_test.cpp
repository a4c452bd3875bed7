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

using testing::HasMarkedErrors;
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

// pharos.yaml whose page has `brand` (lines indented under `brand:`), which starts on line 4.
constexpr std::string_view kBrandHead = "page:\n  name: Acme\n  brand:\n";
constexpr int kFirstBrandLine = 4;

LoadedConfig parse_brand(const std::string& brand) {
  return parse_config(std::string(kBrandHead) + brand, "pharos.yaml");
}

LoadedConfig load_brand(const TempDir& dir, const std::string& brand) {
  return load(dir, std::string(kBrandHead) + brand);
}

// The config did not load, for every error `brand` marks (HasMarkedErrors).
::testing::AssertionResult FailsAsMarked(const LoadedConfig& loaded, const std::string& brand) {
  if (loaded.ok()) return ::testing::AssertionFailure() << "the config loaded";
  return HasMarkedErrors(loaded, brand, kFirstBrandLine);
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
  const std::string brand = R"yaml(    logo: nowhere.png
    # ^ page.brand.logo: cannot read 'nowhere.png'
    favicon: gone.svg
    # ^ page.brand.favicon: cannot read 'gone.svg'
    css: missing.css
    # ^ page.brand.css: cannot read 'missing.css'
)yaml";
  auto loaded = load_brand(dir, brand);
  EXPECT_TRUE(FailsAsMarked(loaded, brand));
  EXPECT_NE(loaded.describe().find("pharos.yaml:4:"), std::string::npos) << loaded.describe();
}

TEST(BrandConfigTest, RefusesImagesOfOtherKindsAndTooLargeFiles) {
  TempDir dir;
  write(dir.file("logo.exe"), "MZ");
  write(dir.file("big.png"), std::string(config::kMaxBrandImageBytes + 1, 'x'));
  const std::string brand = R"yaml(    logo: logo.exe
    # ^ page.brand.logo: use a .svg, .png
    favicon: big.png
    # ^ page.brand.favicon: the limit is 512 KiB
)yaml";
  EXPECT_TRUE(FailsAsMarked(load_brand(dir, brand), brand));
}

TEST(BrandConfigTest, RefusesColoursThatAreNotPlainCssColours) {
  const std::string brand = R"yaml(    colors:
      accent: "red; } body { display: none"
      # ^ page.brand.colors.accent: is not a colour Pharos accepts
      operational: "#12345"
      # ^ page.brand.colors.operational: not a colour
      major: "url(https://evil.example/x)"
      # ^ page.brand.colors.major: not a colour
      degraded: "rgb(1,2,3) } *{"
      # ^ page.brand.colors.degraded: not a colour
      partial: "expression(alert(1))"
      # ^ page.brand.colors.partial: not a colour
      colour: "#fff"
      # ^ page.brand.colors.colour: unknown key 'colour'
)yaml";
  EXPECT_TRUE(FailsAsMarked(parse_brand(brand), brand));
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
  const std::string brand = R"yaml(    links:
      - { label: Help, url: "javascript:alert(1)" }
      # ^ page.brand.links[0].url: http:// or https://
      - { label: Mail, url: "mailto:help@acme.example" }
      # ^ page.brand.links[1].url: http:// or https://
      - { label: Quote, url: "https://acme.example/\"onmouseover=x" }
      # ^ page.brand.links[2].url: no spaces or quotes
      - { url: "https://acme.example" }
      # ^ page.brand.links[3].label: missing required key 'label'
    logo: "http://cdn.acme.example/logo.png"
    # ^ page.brand.logo: must be https://
)yaml";
  EXPECT_TRUE(FailsAsMarked(parse_brand(brand), brand));
}

TEST(BrandConfigTest, UnknownTextKeysAreErrorsNamingTheKey) {
  const std::string brand = R"yaml(    language: "de; x"
    # ^ page.brand.language: not a language tag
    strings:
      all_operational: Alles gut
      all_operationl: Tippfehler
      # ^ page.brand.strings.all_operationl: unknown text key 'all_operationl'; did you mean 'all_operational'?
      banner_text: Nope
      # ^ page.brand.strings.banner_text: unknown text key
)yaml";
  EXPECT_TRUE(FailsAsMarked(parse_brand(brand), brand));
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
