// The owner's brand on the rendered site: logo, colours and custom stylesheet under hashed
// addresses, header links, footer text and texts; badges and the widget in the page's colours.
#include <gtest/gtest.h>

#include "site/badge.h"
#include "site/brand_assets.h"
#include "site/html_pages.h"
#include "site/site_builder.h"
#include "site/widget.h"
#include "site_fixture.h"

namespace pharos::site {
namespace {

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class BrandSiteTest : public SiteFixture {
 protected:
  Brand acme_brand() {
    Brand b;
    b.logo.bytes = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    b.logo.content_type = "image/svg+xml";
    b.logo.extension = "svg";
    b.logo_alt = "Acme \"Inc\"";
    b.colors.accent = "#0a7d55";
    b.colors.major = "#800000";
    b.custom_css = ".banner { border-radius: 0; }";
    b.links = {{"Support <24/7>", "https://support.acme.example/?a=1&b=2"}};
    b.footer_text = "© Acme <script>alert(1)</script>";
    b.language = "de";
    b.strings = {{"all_operational", "Alle Systeme betriebsbereit"},
                 {"components", "Komponenten & Dienste"},
                 {"badge_operational", "betriebsbereit"}};
    return b;
  }
};

TEST_F(BrandSiteTest, BrandedPageShowsLogoColoursLinksFooterAndTexts) {
  page_.brand = acme_brand();
  SiteData d = data();
  std::string html = render_index(d);
  EXPECT_TRUE(has(html, "<html lang=\"de\">"));
  ASSERT_FALSE(d.assets.logo_src.empty());
  EXPECT_TRUE(d.assets.logo_src.starts_with("/static/brand/logo-"));
  EXPECT_TRUE(d.assets.logo_src.ends_with(".svg"));
  EXPECT_TRUE(has(html, "<img class=\"brand-logo\" src=\"" + d.assets.logo_src +
                            "\" alt=\"Acme &quot;Inc&quot;\">"));
  // Built-in stylesheet first, then the colours, then the owner's.
  auto builtin = html.find(kStylesheetPath);
  auto theme = html.find(d.assets.theme_href);
  auto custom = html.find(d.assets.custom_href);
  ASSERT_NE(theme, std::string::npos);
  ASSERT_NE(custom, std::string::npos);
  EXPECT_LT(builtin, theme);
  EXPECT_LT(theme, custom);
  EXPECT_TRUE(has(html,
                  "<a class=\"brand-link\" href=\"https://support.acme.example/?a=1&amp;b=2\" "
                  "rel=\"noopener\">Support &lt;24/7&gt;</a>"));
  EXPECT_TRUE(
      has(html, "<p class=\"brand-footer\">© Acme &lt;script&gt;alert(1)&lt;/script&gt;</p>"));
  EXPECT_FALSE(has(html, "<script"));
  EXPECT_TRUE(has(html, "<h1>Alle Systeme betriebsbereit</h1>"));
  EXPECT_TRUE(has(html, ">Komponenten &amp; Dienste</h2>"));
  EXPECT_TRUE(has(html, ">Past incidents</h2>")) << "keys not overridden keep English";
}

TEST_F(BrandSiteTest, ThemeStylesheetSetsOnlyTheGivenColours) {
  BrandColors colors;
  EXPECT_EQ(theme_css(colors), "");
  colors.accent = "#0a7d55";
  colors.operational = "rgb(0, 128, 0)";
  std::string css = theme_css(colors);
  EXPECT_TRUE(has(css, "--ok: rgb(0, 128, 0);"));
  EXPECT_TRUE(has(css, "--accent: #0a7d55;"));
  EXPECT_TRUE(has(css, "a { color: var(--accent); }"));
  EXPECT_FALSE(has(css, "--major"));
  EXPECT_FALSE(has(css, "--header-bg")) << "no header background given";
}

TEST_F(BrandSiteTest, UnbrandedPageIsAsBefore) {
  SiteData d = data();
  std::string html = render_index(d);
  EXPECT_TRUE(d.assets.files.empty());
  EXPECT_TRUE(has(html, "<html lang=\"en\">"));
  EXPECT_TRUE(has(html, "<a class=\"brand\" href=\"/\">Acme <span>Status</span></a>"));
  EXPECT_TRUE(has(html, "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">"));
  EXPECT_FALSE(has(html, "/static/brand/"));
  EXPECT_FALSE(has(html, "brand-footer"));
  EXPECT_TRUE(has(html, "<h1>All Systems Operational</h1>"));
  EXPECT_TRUE(has(html, "<p>Last updated <time"));
  EXPECT_TRUE(has(html, "Times are shown in America/Denver. Powered by Pharos.</p>"));
}

TEST_F(BrandSiteTest, SnapshotServesBrandFilesImmutableAndBadgesBriefly) {
  page_.brand = acme_brand();
  SiteData d = data();
  auto snapshot = build_snapshot(d, 1, nullptr);
  const Resource* logo = snapshot->find(d.assets.logo_src);
  ASSERT_NE(logo, nullptr);
  EXPECT_EQ(logo->content_type, "image/svg+xml");
  EXPECT_EQ(logo->identity.body, page_.brand.logo.bytes);
  EXPECT_TRUE(has(logo->identity.headers, "Cache-Control: public, max-age=31536000, immutable"));
  const Resource* custom = snapshot->find(d.assets.custom_href);
  ASSERT_NE(custom, nullptr);
  EXPECT_EQ(custom->identity.body, ".banner { border-radius: 0; }");
  for (std::string path :
       {"/badge.svg", "/components/api/badge.svg", "/components/cdn/badge.svg"}) {
    const Resource* badge = snapshot->find(path);
    ASSERT_NE(badge, nullptr) << path;
    EXPECT_EQ(badge->content_type, "image/svg+xml");
    EXPECT_TRUE(has(badge->identity.headers, "Cache-Control: public, max-age=60")) << path;
    EXPECT_FALSE(badge->etag.empty());
  }
  const Resource* script = snapshot->find(kWidgetScriptPath);
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  ASSERT_NE(snapshot->find(kWidgetPagePath), nullptr);
  EXPECT_TRUE(snapshot->find("/api/v2/status.json")->cors);
  EXPECT_FALSE(snapshot->find("/badge.svg")->cors);
  // A changed logo is a new address: caches holding the old one are never wrong.
  page_.brand.logo.bytes += " ";
  EXPECT_NE(data().assets.logo_src, d.assets.logo_src);
}

TEST_F(BrandSiteTest, BadgeTextsAreEscaped) {
  std::string svg = render_badge_svg("<a href=\"x\">&", "</text><script>", "#123456");
  EXPECT_FALSE(has(svg, "<script"));
  EXPECT_FALSE(has(svg, "<a "));
  EXPECT_TRUE(has(svg, "&lt;a href=&quot;x&quot;&gt;&amp;"));
  EXPECT_TRUE(has(svg, "&lt;/text&gt;&lt;script&gt;"));
  EXPECT_TRUE(has(svg, "fill=\"#123456\""));
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  // Longer texts make a wider badge.
  auto width = [](const std::string& s) {
    auto at = s.find("width=\"") + 7;
    return std::stoi(s.substr(at, s.find('"', at) - at));
  };
  EXPECT_LT(width(render_badge_svg("status", "ok", "#000")),
            width(render_badge_svg("status", "partial outage", "#000")));
}

TEST_F(BrandSiteTest, BadgeColoursFollowTheStatusAndTheBrand) {
  SiteData d = data();
  Component c = d.components.front();
  struct Case {
    ComponentStatus status;
    const char* text;
    const char* color;
  };
  for (const Case& k : {Case{ComponentStatus::kOperational, "operational", "#1f9d55"},
                        Case{ComponentStatus::kDegradedPerformance, "degraded", "#d69e00"},
                        Case{ComponentStatus::kPartialOutage, "partial outage", "#e06c00"},
                        Case{ComponentStatus::kMajorOutage, "major outage", "#d62d20"},
                        Case{ComponentStatus::kUnderMaintenance, "maintenance", "#2f6fde"}}) {
    c.status = k.status;
    std::string svg = render_component_badge(d, c);
    EXPECT_TRUE(has(svg, ">" + std::string(k.text) + "</text>")) << k.text;
    EXPECT_TRUE(has(svg, std::string("fill=\"") + k.color + "\"")) << k.text;
    EXPECT_TRUE(has(svg, ">" + c.name + "</text>"));
  }
  EXPECT_TRUE(has(render_page_badge(d), ">operational</text>"));
  EXPECT_TRUE(has(render_page_badge(d), ">status</text>"));

  page_.brand = acme_brand();
  SiteData branded = data();
  c.status = ComponentStatus::kMajorOutage;
  EXPECT_TRUE(has(render_component_badge(branded, c), "fill=\"#800000\""));
  EXPECT_TRUE(has(render_page_badge(branded), ">betriebsbereit</text>"));
}

TEST_F(BrandSiteTest, PageBadgeFollowsTheOpenIncident) {
  open("Database down", {{"api", ComponentStatus::kMajorOutage}});
  std::string svg = render_page_badge(data());
  EXPECT_FALSE(has(svg, ">operational</text>"));
  EXPECT_FALSE(has(svg, "#1f9d55"));
}

TEST_F(BrandSiteTest, WidgetCarriesThePageTextsAndCannotBreakOutOfItsScript) {
  page_.name = "</script><script>alert(1)</script>";
  page_.brand = acme_brand();
  SiteData d = data();
  std::string js = render_widget_script(d);
  EXPECT_TRUE(js.starts_with("(function (config) {\n"));
  // The page's values are written as JSON at the end; none may close a <script> element.
  std::string values = js.substr(js.rfind("})("));
  EXPECT_FALSE(has(values, "</script>"));
  EXPECT_TRUE(has(values, "\\u003c/script>"));
  EXPECT_TRUE(has(js, "\"All Systems Operational\":\"Alle Systeme betriebsbereit\""));
  EXPECT_TRUE(has(js, "\"page_url\":\"https://status.acme.example/\""));
  EXPECT_TRUE(has(js, "/api/v2/status.json"));
  std::string page = render_widget_page(d);
  EXPECT_TRUE(has(page, ">Alle Systeme betriebsbereit</span>"));
  EXPECT_TRUE(has(page, "href=\"https://status.acme.example/\" target=\"_blank\""));
  EXPECT_FALSE(has(page, "<script"));
  EXPECT_TRUE(has(page, "background:#1f9d55"));
}

}  // namespace
}  // namespace pharos::site
