// The probable-cause link end to end (issue 9): the real `pharos serve` polls the mock vendor on
// loopback while a monitor of a component that depends on the vendor's CDN fails (nothing listens
// on its target), and the own incident's page names the vendor incident as the probable cause.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/mock_vendor.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

using namespace std::chrono_literals;

int port_of(const MockVendor& mock) {
  return std::stoi(mock.url().substr(mock.url().rfind(':') + 1));
}

void write_config(const TempDir& dir, const MockVendor& mock) {
  std::ofstream config(dir.file("pharos.yaml"));
  // Port 1 on loopback: connection refused at once, so the monitor fails on its first check.
  config << "page: { name: Example }\n"
            "components:\n"
            "  - { id: web, name: Website, depends_on: \"vendor:acme/CDN\" }\n"
            "monitors:\n"
            "  - { name: web-health, component: web, kind: http, url: \"http://127.0.0.1:1/\",\n"
            "      interval: 1s, timeout: 1s, fall: 1 }\n"
            "vendors:\n"
            "  - { slug: acme, name: Acme Cloud, url: \""
         << mock.url() << "\", interval: 10s, components: [CDN, DNS] }\n";
}

// Polls `path` every 100 ms until its body contains `needle` (at most `attempts` times).
HttpResponse wait_for(int port, const std::string& path, const std::string& needle, int attempts) {
  HttpResponse r;
  for (int i = 0; i < attempts; ++i) {
    r = request(port, "GET", path);
    if (r.body.find(needle) != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  return r;
}

// The id of the one unresolved own incident, from the public v2 API ("" when none yet).
std::string own_incident_id(int port, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    auto r = request(port, "GET", "/api/v2/incidents/unresolved.json");
    if (r.status == 200) {
      auto incidents = boost::json::parse(r.body).at("incidents").as_array();
      if (!incidents.empty()) return std::string(incidents[0].at("id").as_string());
    }
    std::this_thread::sleep_for(100ms);
  }
  return {};
}

// The vendor incident's page path, from the vendor's page ("" when not shown yet).
std::string vendor_incident_path(int port, int attempts) {
  auto page = wait_for(port, "/vendors/acme", "/vendors/acme/incidents/", attempts);
  auto at = page.body.find("/vendors/acme/incidents/");
  if (at == std::string::npos) return {};
  return page.body.substr(at, page.body.find('"', at) - at);
}

TEST(VendorLinkTest, OwnIncidentPageNamesTheVendorIncidentSeenBeforeIt) {
  MockVendor mock;
  ASSERT_TRUE(mock.ok()) << mock.error();
  ASSERT_EQ(request(port_of(mock), "GET", "/_control?step=1").status, 200);  // p1 open
  TempDir dir;
  write_config(dir, mock);
  ServerProcess server(dir.path().string(),
                       {"--config", dir.file("pharos.yaml"), "--data", dir.file("data")});
  ASSERT_TRUE(server.started()) << server.output();

  std::string vendor_path = vendor_incident_path(server.port(), 100);
  ASSERT_FALSE(vendor_path.empty()) << "the vendor incident was not recorded";
  std::string id = own_incident_id(server.port(), 100);
  ASSERT_FALSE(id.empty()) << "no incident opened for the failing monitor";

  auto page = wait_for(server.port(), "/incidents/" + id, "class=\"probable-cause\"", 50);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<p class=\"probable-cause\">Probable cause: <a href=\"" + vendor_path +
                           "\">Acme Cloud — Elevated errors on CDN</a></p>"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("Probable cause: Acme Cloud incident"), std::string::npos)
      << "the timeline records the link once, with the vendor's name";
  EXPECT_EQ(request(server.port(), "GET", vendor_path).status, 200) << "the link leads somewhere";
  auto api = request(server.port(), "GET", "/api/v2/incidents/unresolved.json");
  EXPECT_EQ(api.body.find("probable"), std::string::npos) << "v2 stays Statuspage-shaped";
  EXPECT_EQ(server.stop(), 0);
}

TEST(VendorLinkTest, VendorIncidentAppearingAfterTheOwnIncidentIsLinkedThen) {
  MockVendor mock;
  ASSERT_TRUE(mock.ok()) << mock.error();
  TempDir dir;
  write_config(dir, mock);  // the mock starts quiet (step 0)
  ServerProcess server(dir.path().string(),
                       {"--config", dir.file("pharos.yaml"), "--data", dir.file("data")});
  ASSERT_TRUE(server.started()) << server.output();
  std::string id = own_incident_id(server.port(), 100);
  ASSERT_FALSE(id.empty()) << "no incident opened for the failing monitor";
  EXPECT_EQ(request(server.port(), "GET", "/incidents/" + id).body.find("probable-cause"),
            std::string::npos);

  ASSERT_EQ(request(port_of(mock), "GET", "/_control?step=1").status, 200);
  // The next poll is at most 10 s away; automation re-checks open incidents every second.
  auto page = wait_for(server.port(), "/incidents/" + id, "class=\"probable-cause\"", 200);
  EXPECT_NE(page.body.find("Acme Cloud — Elevated errors on CDN</a>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("Probable cause: Acme Cloud incident"), std::string::npos);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace pharos::testing
