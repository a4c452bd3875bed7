// One sick node of three behind a name (seed 001), end to end: the real probe engine checks each
// node of a real target on loopback, automation opens an incident, and it shows on `/` and on
// /api/v2/incidents/unresolved.json; /metrics reports the detection latency.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/check_target.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

TEST(AutomationEndToEndTest, OneSickNodeBecomesAPublicIncident) {
  testing::Target target;
  ASSERT_TRUE(target.ok()) << target.error();
  testing::TempDir dir;
  std::ofstream(dir.file("pharos.yaml"))
      << R"(page: { name: TechTime, time_zone: Pacific/Auckland }
components:
  - { id: apps, name: TechTime Cloud Apps }
)" << target.apps_health_monitor_yaml()
      << R"(automation: { monitoring_after: 1m, resolve_after: 5m }
)";
  testing::ServerProcess server(dir.path().string(), {"--config", "pharos.yaml", "--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();

  // interval × fall + slack for the first round and the page rebuild; bounded either way.
  boost::json::object incident;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = testing::request(server.port(), "GET", "/api/v2/incidents/unresolved.json");
    ASSERT_EQ(r.status, 200);
    auto incidents = boost::json::parse(r.body).as_object()["incidents"].as_array();
    if (!incidents.empty()) {
      incident = incidents[0].as_object();
      break;
    }
    std::this_thread::sleep_for(250ms);
  }
  ASSERT_FALSE(incident.empty()) << "no incident within 20 s\n" << server.output();
  EXPECT_EQ(incident["name"].as_string(), "Partial outage of TechTime Cloud Apps");
  EXPECT_EQ(incident["status"].as_string(), "investigating");
  EXPECT_EQ(incident["impact"].as_string(), "minor")
      << "one node of three: partial outage, minor (rollup.h)";
  auto updates = incident["incident_updates"].as_array();
  ASSERT_EQ(updates.size(), 1u);
  std::string body(updates[0].as_object()["body"].as_string());
  EXPECT_EQ(body, "We are investigating a partial outage of TechTime Cloud Apps.")
      << "written for customers: the sick node is in the admin view only";
  auto components = incident["components"].as_array();
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(components[0].as_object()["status"].as_string(), "partial_outage");

  auto page = testing::request(server.port(), "GET", "/");
  EXPECT_NE(page.body.find("Partial outage of TechTime Cloud Apps"), std::string::npos);
  auto status = testing::request(server.port(), "GET", "/api/v2/status.json");
  EXPECT_NE(status.body.find("\"indicator\":\"major\""), std::string::npos) << status.body;

  auto metrics = testing::request(server.port(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("pharos_detection_latency_seconds_count 1"), std::string::npos)
      << metrics.body;
  EXPECT_EQ(server.stop(), 0) << server.output();
}

}  // namespace
}  // namespace pharos
