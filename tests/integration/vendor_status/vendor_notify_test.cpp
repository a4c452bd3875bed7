// Vendor incident notifications end to end (issue 9): the real `pharos serve` polls the mock
// vendor; the vendor's new incident and its resolution reach the admin alert route and the
// webhook subscriber who opted in with vendor:acme, and not the whole-page subscriber.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/json_lines.h"
#include "support/mock_vendor.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string kPython = "/usr/bin/python3";
const std::string kReceiver =
    std::string(PHAROS_SOURCE_DIR) + "/tests/integration/notify/webhook_receiver.py";

const auto read_lines = testing::read_json_lines;

// The deliveries received on `path` whose incident has `status`.
std::vector<json::object> received(const std::string& file, const std::string& path,
                                   const std::string& status) {
  std::vector<json::object> out;
  for (auto& line : read_lines(file)) {
    if (line.at("path").as_string() != path) continue;
    auto body = json::parse(line.at("body").as_string()).as_object();
    if (body.at("incident").at("status").as_string() == status) out.push_back(line);
  }
  return out;
}

// Waits (every 100 ms, at most `attempts` times) until `path` got a delivery about `status`.
bool wait_for(const std::string& file, const std::string& path, const std::string& status,
              int attempts) {
  for (int i = 0; i < attempts; ++i) {
    if (!received(file, path, status).empty()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

TEST(VendorNotifyTest, VendorIncidentAndItsResolutionReachAdminsAndOptedInSubscribers) {
  MockVendor mock;
  ASSERT_TRUE(mock.ok()) << mock.error();
  int mock_port = std::stoi(mock.url().substr(mock.url().rfind(':') + 1));
  ASSERT_EQ(request(mock_port, "GET", "/_control?step=1").status, 200);  // p1 open
  TempDir dir;
  std::string hooks = dir.file("hooks.jsonl");
  ChildProcess receiver({kPython, kReceiver, "--out", hooks, "--port", "0"}, "");
  std::string port_line = receiver.read_line();
  ASSERT_FALSE(port_line.empty());
  std::string base = "http://127.0.0.1:" + port_line;
  {
    std::ofstream config(dir.file("pharos.yaml"));
    config << "page: { name: Example, url: \"http://status.test\" }\n"
              "components:\n  - { id: web, name: Website }\n"
              "vendors:\n  - { slug: acme, name: Acme Cloud, url: \""
           << mock.url() << "\", interval: 10s }\n"
           << "notify:\n  - { kind: webhook, url: \"" << base << "/admin\", secret: s3cret }\n";
  }
  auto pharos = [&](std::vector<std::string> args) {
    args.insert(args.begin(), PHAROS_BINARY);
    return run_process(args, dir.path().string());
  };
  auto opted_in = pharos(
      {"subscriber", "add", "--webhook", base + "/vendor-fan", "--component", "vendor:acme"});
  ASSERT_EQ(opted_in.exit_code, 0) << opted_in.err;
  auto whole_page = pharos({"subscriber", "add", "--webhook", base + "/page-fan"});
  ASSERT_EQ(whole_page.exit_code, 0) << whole_page.err;
  auto unknown =
      pharos({"subscriber", "add", "--webhook", base + "/x", "--component", "vendor:nope"});
  EXPECT_EQ(unknown.exit_code, 2) << "only configured vendors may be named";

  ServerProcess server(dir.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  ASSERT_TRUE(wait_for(hooks, "/admin", "investigating", 150)) << server.output();
  ASSERT_TRUE(wait_for(hooks, "/vendor-fan", "investigating", 50));
  auto first = json::parse(received(hooks, "/admin", "investigating")[0].at("body").as_string());
  const auto& incident = first.at("incident").as_object();
  EXPECT_EQ(incident.at("name").as_string(), "Elevated errors on CDN");
  std::string shortlink(incident.at("shortlink").as_string());
  EXPECT_EQ(shortlink.rfind("http://status.test/vendors/acme/incidents/", 0), 0u) << shortlink;

  ASSERT_EQ(request(mock_port, "GET", "/_control?step=3").status, 200);  // resolved
  // The next poll is at most 10 s away.
  ASSERT_TRUE(wait_for(hooks, "/admin", "resolved", 200)) << [&] {
    std::ifstream f(hooks);
    return std::string(std::istreambuf_iterator<char>(f), {}) + "\n" + server.output();
  }();
  ASSERT_TRUE(wait_for(hooks, "/vendor-fan", "resolved", 50));
  EXPECT_EQ(server.stop(), 0);

  std::set<std::string> deliveries;
  size_t to_page_fan = 0;
  auto lines = read_lines(hooks);
  for (const auto& line : lines) {
    deliveries.insert(std::string(line.at("delivery").as_string()));
    if (line.at("path").as_string() == "/page-fan") ++to_page_fan;
  }
  EXPECT_EQ(to_page_fan, 0u) << "a whole-page subscriber did not opt in to vendors";
  EXPECT_EQ(deliveries.size(), lines.size()) << "no delivery twice";
  EXPECT_EQ(received(hooks, "/admin", "investigating").size(), 1u)
      << "a new vendor incident is news once, not once per update it carries";
}

}  // namespace
}  // namespace pharos::testing
