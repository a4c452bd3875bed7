// The real binary with a branded page: the logo served under its hashed address, badges with
// their content type, short cache and ETag, the widget script, CORS on the public JSON only, a
// private page's badge and JSON behind its access check (and without CORS), the brand in a static
// export, and a missing brand file refused at start with its place.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "support/http_client.h"
#include "support/pharos_cli.h"
#include "support/server_process.h"

namespace pharos {
namespace {

namespace fs = std::filesystem;

class BrandWidgetsTest : public testing::PharosCliTest {
 protected:
  void write_config(const std::string& access, const std::string& logo = "logo.svg") {
    std::ofstream(dir_.file("logo.svg"))
        << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    std::ofstream(dir_.file("pharos.yaml"))
        << "page:\n  name: Acme\n  url: \"https://status.acme.example\"\n  access: " << access
        << "\n  brand:\n    logo: " << logo
        << "\n    colors: { accent: \"#0a7d55\" }\n    footer: Acme GmbH\n"
           "    strings: { all_operational: \"Alle Systeme betriebsbereit\" }\n"
           "components:\n  - { id: api, name: API }\n  - { id: web, name: Website }\n";
  }
  // A read-scope token of a new viewer "vic".
  std::string read_token() {
    auto user = pharos({"user", "add", "vic", "--role", "viewer", "--password-stdin"},
                       "a long enough password\n");
    EXPECT_EQ(user.exit_code, 0) << user.err;
    return create_token("vic", "read");
  }
};

// GET `path`, expected to answer 200 with Content-Type `type` and Cache-Control `cache`.
testing::HttpResponse get_served(int port, const std::string& path, const std::string& type,
                                 const std::string& cache) {
  auto r = testing::request(port, "GET", path);
  EXPECT_EQ(r.status, 200) << path;
  EXPECT_EQ(r.header("content-type"), type) << path;
  EXPECT_EQ(r.header("cache-control"), cache) << path;
  return r;
}

TEST_F(BrandWidgetsTest, PublicPageServesBrandBadgesAndWidget) {
  write_config("public");
  testing::ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  int port = server.port();

  auto page = testing::request(port, "GET", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h1>Alle Systeme betriebsbereit</h1>"), std::string::npos);
  EXPECT_NE(page.body.find("<p class=\"brand-footer\">Acme GmbH</p>"), std::string::npos);
  auto at = page.body.find("src=\"/static/brand/logo-");
  ASSERT_NE(at, std::string::npos) << page.body.substr(0, 1500);
  std::string logo_path = page.body.substr(at + 5, page.body.find('"', at + 5) - at - 5);
  auto logo = get_served(port, logo_path, "image/svg+xml", "public, max-age=31536000, immutable");
  EXPECT_NE(logo.body.find("<svg"), std::string::npos);

  auto badge = get_served(port, "/badge.svg", "image/svg+xml", "public, max-age=60");
  ASSERT_EQ(badge.status, 200);
  EXPECT_EQ(badge.header("x-content-type-options"), "nosniff");
  std::string etag = badge.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(badge.body.find(">operational</text>"), std::string::npos) << badge.body;
  EXPECT_NE(badge.body.find("#1f9d55"), std::string::npos);
  auto again = testing::request(port, "GET", "/badge.svg", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  auto component = testing::request(port, "GET", "/components/web/badge.svg");
  EXPECT_EQ(component.status, 200);
  EXPECT_NE(component.body.find(">Website</text>"), std::string::npos);
  EXPECT_EQ(testing::request(port, "GET", "/components/nope/badge.svg").status, 404);

  // CORS on the public JSON the widget reads; not on the badge, the script, nor management.
  auto status =
      testing::request(port, "GET", "/api/v2/status.json", "Origin: https://shop.example\r\n");
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.header("access-control-allow-origin"), "*");
  EXPECT_EQ(badge.header("access-control-allow-origin"), "");
  auto manage = testing::request(port, "GET", "/api/manage/v1/components",
                                 "Origin: https://shop.example\r\n");
  EXPECT_EQ(manage.status, 401);
  EXPECT_EQ(manage.header("access-control-allow-origin"), "");

  auto script =
      get_served(port, "/widget.js", "text/javascript; charset=utf-8", "public, max-age=60");
  EXPECT_NE(script.body.find("Alle Systeme betriebsbereit"), std::string::npos);
  auto frame = testing::request(port, "GET", "/widget");
  EXPECT_EQ(frame.status, 200);
  EXPECT_EQ(frame.header("x-frame-options"), "") << "the widget is made to be framed";
  EXPECT_NE(frame.body.find(">Alle Systeme betriebsbereit</span>"), std::string::npos);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(BrandWidgetsTest, PrivatePageKeepsBadgesAndJsonBehindItsCheck) {
  write_config("private");
  std::string token = read_token();
  testing::ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  int port = server.port();
  for (const char* path :
       {"/badge.svg", "/components/api/badge.svg", "/widget.js", "/api/v2/status.json"}) {
    auto r = testing::request(port, "GET", path, "Origin: https://shop.example\r\n");
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.body.find("Acme"), std::string::npos) << path;
  }
  std::string auth = "Authorization: Bearer " + token + "\r\n";
  auto badge = testing::request(port, "GET", "/badge.svg", auth);
  EXPECT_EQ(badge.status, 200);
  EXPECT_EQ(badge.header("cache-control"), "private, no-cache");
  auto status = testing::request(port, "GET", "/api/v2/status.json", auth);
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.header("access-control-allow-origin"), "")
      << "another site's script must not read a private page with its visitor's credentials";
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(BrandWidgetsTest, StaticExportCarriesTheBrand) {
  write_config("public");
  auto r = pharos({"export-static", "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  fs::path out = dir_.path() / "out";
  EXPECT_TRUE(fs::exists(out / "badge.svg"));
  EXPECT_TRUE(fs::exists(out / "components/api/badge.svg"));
  EXPECT_TRUE(fs::exists(out / "widget.js"));
  EXPECT_TRUE(fs::exists(out / "widget/index.html"));
  int brand_files = 0;
  for (const auto& entry : fs::directory_iterator(out / "static/brand")) {
    std::string name = entry.path().filename().string();
    EXPECT_TRUE(name.starts_with("logo-") || name.starts_with("theme-")) << name;
    ++brand_files;
  }
  EXPECT_EQ(brand_files, 2);
  std::ifstream index(out / "index.html");
  std::string html((std::istreambuf_iterator<char>(index)), {});
  EXPECT_NE(html.find("src=\"/static/brand/logo-"), std::string::npos);
}

TEST_F(BrandWidgetsTest, AMissingBrandFileIsRefusedWithItsPlace) {
  write_config("public", "missing.png");
  auto r = pharos({"config", "validate"});
  EXPECT_EQ(r.exit_code, 2);
  std::string said = r.err + r.out;
  EXPECT_NE(said.find("pharos.yaml:6:11: page.brand.logo: cannot read 'missing.png'"),
            std::string::npos)
      << said;
}

}  // namespace
}  // namespace pharos
