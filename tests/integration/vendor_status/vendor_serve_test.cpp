// `pharos serve` with a vendors: section, end to end: the real binary polls the mock vendor on
// loopback and shows the vendor's incident on /vendors pages, not among the public page's own
// incidents; a vendor configured `public: true` is summarised in the public page's "Third-party
// services" section, one that is not stays off it.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/mock_vendor.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

TEST(VendorServeTest, ServeShowsTheVendorsIncidentOnItsOwnPages) {
  MockVendor mock;
  ASSERT_TRUE(mock.ok()) << mock.error();
  ASSERT_EQ(
      request(std::stoi(mock.url().substr(mock.url().rfind(':') + 1)), "GET", "/_control?step=1")
          .status,
      200);
  TempDir dir;
  {
    std::ofstream config(dir.file("pharos.yaml"));
    config << "page: { name: Example }\n"
              "components:\n"
              "  - { id: web, name: Website, depends_on: \"vendor:acme/CDN\" }\n"
              "vendors:\n"
              "  - { slug: acme, name: Acme Cloud, url: \""
           << mock.url() << "\", components: [CDN, DNS], public: true }\n"
           << "  - { slug: quiet, name: Quiet Mail, url: \"" << mock.url() << "\" }\n";
  }
  ServerProcess server(dir.path().string(),
                       {"--config", dir.file("pharos.yaml"), "--data", dir.file("data")});
  ASSERT_TRUE(server.started()) << server.output();

  HttpResponse vendor_page;
  for (int i = 0; i < 100; ++i) {  // the poll and the next site rebuild: well under 10 s
    vendor_page = request(server.port(), "GET", "/vendors/acme");
    if (vendor_page.body.find("Elevated errors on CDN") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(vendor_page.status, 200);
  ASSERT_NE(vendor_page.body.find("Elevated errors on CDN"), std::string::npos) << vendor_page.body;
  EXPECT_NE(vendor_page.body.find("1 open incident"), std::string::npos);

  auto at = vendor_page.body.find("/vendors/acme/incidents/");
  ASSERT_NE(at, std::string::npos);
  std::string path = vendor_page.body.substr(at, vendor_page.body.find('"', at) - at);
  auto incident = request(server.port(), "GET", path);
  EXPECT_EQ(incident.status, 200) << path;
  EXPECT_NE(incident.body.find(" by Pharos</dd>"), std::string::npos);
  EXPECT_NE(incident.body.find("https://status.acme-cloud.example/incidents/p1\" "
                               "rel=\"noopener nofollow\">View vendor source →"),
            std::string::npos);

  EXPECT_NE(request(server.port(), "GET", "/vendors").body.find("Acme Cloud"), std::string::npos);

  // The vendor's component statuses (the mock's summary.json: CDN partial outage at step 1).
  const std::string cdn = "<li class=\"s-partial\"><span class=\"name\">CDN</span>";
  for (int i = 0; i < 100; ++i) {
    vendor_page = request(server.port(), "GET", "/vendors/acme");
    if (vendor_page.body.find(cdn) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(vendor_page.body.find(cdn), std::string::npos) << vendor_page.body;
  EXPECT_EQ(vendor_page.body.find("Dashboard"), std::string::npos)
      << "not in components: [CDN, DNS]";
  auto home = request(server.port(), "GET", "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body.find("id=\"active-h\""), std::string::npos)
      << "a vendor's incident is not one of this page's own";
  auto section = home.body.find("<h2 id=\"vendors-h\">Third-party services</h2>");
  ASSERT_NE(section, std::string::npos) << home.body;
  EXPECT_NE(home.body.find("<a class=\"c-name\" href=\"/vendors/acme\">Acme Cloud</a>"
                           "<span class=\"status s-partial\">",
                           section),
            std::string::npos)
      << "the worst of the open incident and the CDN's partial outage";
  EXPECT_NE(home.body.find("Open incident: Elevated errors on CDN", section), std::string::npos);
  EXPECT_EQ(home.body.find("Elevated errors on CDN"),
            home.body.find("Elevated errors on CDN", section))
      << "only the third-party section names it";
  EXPECT_EQ(home.body.find("Quiet Mail"), std::string::npos) << "not public: true";
  EXPECT_EQ(server.stop(), 0);
}

TEST(VendorServeTest, AnUnreachableVendorShowsAsSuchWithoutAnyStoreChange) {
  MockVendor mock;
  ASSERT_TRUE(mock.ok()) << mock.error();
  ASSERT_EQ(request(std::stoi(mock.url().substr(mock.url().rfind(':') + 1)), "GET",
                    "/_control?mode=error")
                .status,
            200);
  TempDir dir;
  {
    std::ofstream config(dir.file("pharos.yaml"));
    config << "page: { name: Example }\nvendors:\n  - { slug: acme, name: Acme Cloud, url: \""
           << mock.url() << "\", public: true }\n";
  }
  ServerProcess server(dir.path().string(),
                       {"--config", dir.file("pharos.yaml"), "--data", dir.file("data")});
  ASSERT_TRUE(server.started()) << server.output();
  HttpResponse page;
  for (int i = 0; i < 100; ++i) {
    page = request(server.port(), "GET", "/vendors");
    if (page.body.find("source unreachable since") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(page.body.find("(HTTP 503)"), std::string::npos) << page.body;
  HttpResponse home;
  for (int i = 0; i < 100; ++i) {
    home = request(server.port(), "GET", "/");
    if (home.body.find("Source unreachable since") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto section = home.body.find("Third-party services");
  ASSERT_NE(section, std::string::npos) << home.body;
  EXPECT_NE(home.body.find("Source unreachable since <time", section), std::string::npos)
      << home.body;
  EXPECT_NE(home.body.find("(HTTP 503); the state shown is the last one read.", section),
            std::string::npos);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace pharos::testing
