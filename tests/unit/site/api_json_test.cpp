#include "site/api_json.h"

#include <gtest/gtest.h>

#include <regex>

#include "site_fixture.h"

namespace pharos::site {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::vector<std::string> keys(const json::object& o) {
  std::vector<std::string> out;
  for (const auto& kv : o) out.emplace_back(kv.key());
  return out;
}

json::object doc(const SiteData& d, const std::string& path) {
  for (const auto& [p, body] : render_api(d)) {
    if (p == path) return json::parse(body).as_object();
  }
  ADD_FAILURE() << "no document " << path;
  return {};
}

// ISO-8601 with milliseconds and the page offset (Denver in July: -06:00).
const std::regex kIsoDenver(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-06:00)");

class ApiJsonTest : public SiteFixture {};

TEST_F(ApiJsonTest, SummaryKeysInWireOrder) {
  auto summary = doc(data(), "/api/v2/summary.json");
  EXPECT_EQ(keys(summary), (std::vector<std::string>{"page", "components", "incidents",
                                                     "scheduled_maintenances", "status"}));
  EXPECT_EQ(keys(summary["page"].as_object()),
            (std::vector<std::string>{"id", "name", "url", "time_zone", "updated_at"}));
  EXPECT_EQ(summary["page"].as_object()["url"].as_string(), "https://status.acme.example")
      << "no trailing slash";
  EXPECT_EQ(summary["page"].as_object()["time_zone"].as_string(), "America/Denver");
  EXPECT_TRUE(summary["incidents"].as_array().empty()) << "empty collections are [], not omitted";
  EXPECT_EQ(keys(summary["status"].as_object()),
            (std::vector<std::string>{"indicator", "description"}));
  EXPECT_EQ(summary["status"].as_object()["indicator"].as_string(), "none");
  EXPECT_EQ(summary["status"].as_object()["description"].as_string(), "All Systems Operational");
}

TEST_F(ApiJsonTest, ComponentsInterleavedByPositionWithGroups) {
  auto components = doc(data(), "/api/v2/components.json")["components"].as_array();
  std::vector<std::string> ids;
  for (const auto& c : components) ids.emplace_back(c.as_object().at("id").as_string());
  // Top level: platform 1, apps 2, cdn 3; children: api 1, auth 2, web 1. All position-1 entries
  // first, then position 2, …; within a position, page order (a group before its children).
  EXPECT_EQ(ids, (std::vector<std::string>{"platform", "api", "web", "auth", "apps", "cdn"}));
  const auto& api = components[1].as_object();
  EXPECT_EQ(keys(api),
            (std::vector<std::string>{"id", "name", "status", "created_at", "updated_at",
                                      "position", "description", "showcase", "start_date",
                                      "group_id", "page_id", "group", "only_show_if_degraded"}));
  EXPECT_EQ(api.at("group_id").as_string(), "platform");
  EXPECT_TRUE(api.at("description").is_null());
  EXPECT_FALSE(api.at("group").as_bool());
  EXPECT_TRUE(std::regex_match(std::string(api.at("created_at").as_string()), kIsoDenver));
  EXPECT_EQ(std::string(api.at("start_date").as_string()),
            std::string(api.at("created_at").as_string()).substr(0, 10))
      << "the day it began being tracked, in the page's zone";
  const auto& platform = components[0].as_object();
  EXPECT_TRUE(platform.at("group").as_bool());
  EXPECT_TRUE(platform.at("group_id").is_null());
  EXPECT_TRUE(platform.at("start_date").is_null()) << "groups have none, as on Statuspage";
  EXPECT_EQ(keys(platform).back(), "components");
  EXPECT_EQ(platform.at("components").as_array(), (json::array{"api", "auth"}));
  EXPECT_FALSE(components[5].as_object().contains("components")) << "only groups have components";
}

TEST_F(ApiJsonTest, IncidentShapeUpdatesNewestFirstWithAffectedComponents) {
  Incident incident = open("API down", {{"api", ComponentStatus::kMajorOutage}});
  clock_.advance(10min);
  UpdateRequest update;
  update.status = IncidentStatus::kMonitoring;
  update.body = "Fixed, watching";
  ASSERT_TRUE(service_->post_update(incident.id, update, "test").ok());
  SiteData d = data();
  auto unresolved = doc(d, "/api/v2/incidents/unresolved.json")["incidents"].as_array();
  ASSERT_EQ(unresolved.size(), 1u);
  const auto& i = unresolved[0].as_object();
  EXPECT_EQ(keys(i),
            (std::vector<std::string>{"id", "name", "status", "created_at", "updated_at",
                                      "monitoring_at", "resolved_at", "impact", "shortlink",
                                      "started_at", "page_id", "incident_updates", "components"}));
  EXPECT_EQ(i.at("status").as_string(), "monitoring");
  EXPECT_EQ(i.at("impact").as_string(), "critical");
  EXPECT_TRUE(i.at("resolved_at").is_null());
  EXPECT_TRUE(std::regex_match(std::string(i.at("monitoring_at").as_string()), kIsoDenver));
  EXPECT_EQ(i.at("shortlink").as_string(), "https://status.acme.example/incidents/" + incident.id);
  const auto& updates = i.at("incident_updates").as_array();
  ASSERT_EQ(updates.size(), 2u);
  const auto& newest = updates[0].as_object();
  EXPECT_EQ(keys(newest),
            (std::vector<std::string>{"id", "status", "body", "incident_id", "created_at",
                                      "updated_at", "display_at", "affected_components",
                                      "deliver_notifications", "custom_tweet", "tweet_id"}));
  EXPECT_EQ(newest.at("status").as_string(), "monitoring");
  EXPECT_TRUE(newest.at("affected_components").is_null()) << "the update changed no component";
  EXPECT_TRUE(newest.at("custom_tweet").is_null());
  const auto& first = updates[1].as_object();
  const auto& affected = first.at("affected_components").as_array()[0].as_object();
  EXPECT_EQ(keys(affected), (std::vector<std::string>{"code", "name", "old_status", "new_status"}));
  EXPECT_EQ(affected.at("code").as_string(), "api");
  EXPECT_EQ(affected.at("name").as_string(), "Platform - API");
  EXPECT_EQ(affected.at("old_status").as_string(), "operational");
  EXPECT_EQ(affected.at("new_status").as_string(), "major_outage");
  EXPECT_EQ(i.at("components").as_array()[0].as_object().at("status").as_string(), "major_outage");
  auto status = doc(d, "/api/v2/status.json");
  EXPECT_EQ(keys(status), (std::vector<std::string>{"page", "status"}));
  EXPECT_EQ(status["status"].as_object()["indicator"].as_string(), "major");
}

TEST_F(ApiJsonTest, MaintenancesGoToTheirEndpointsOnly) {
  NewIncident m;
  m.kind = IncidentKind::kMaintenance;
  m.name = "Upgrade";
  m.scheduled_for = clock_.now() + 24h;
  m.scheduled_until = clock_.now() + 26h;
  m.component_ids = {"cdn"};
  ASSERT_TRUE(service_->open(m, "test").ok());
  SiteData d = data();
  EXPECT_TRUE(doc(d, "/api/v2/incidents.json")["incidents"].as_array().empty());
  auto upcoming =
      doc(d, "/api/v2/scheduled-maintenances/upcoming.json")["scheduled_maintenances"].as_array();
  ASSERT_EQ(upcoming.size(), 1u);
  auto k = keys(upcoming[0].as_object());
  auto pos = std::find(k.begin(), k.end(), "scheduled_for");
  ASSERT_NE(pos, k.end());
  EXPECT_EQ(*(pos + 1), "scheduled_until");
  EXPECT_EQ(*(pos + 2), "incident_updates");
  EXPECT_EQ(upcoming[0].as_object().at("impact").as_string(), "maintenance");
  EXPECT_TRUE(doc(d, "/api/v2/scheduled-maintenances/active.json")["scheduled_maintenances"]
                  .as_array()
                  .empty());
  EXPECT_EQ(doc(d, "/api/v2/summary.json")["scheduled_maintenances"].as_array().size(), 1u);
  EXPECT_EQ(
      doc(d, "/api/v2/scheduled-maintenances.json")["scheduled_maintenances"].as_array().size(),
      1u);
}

TEST_F(ApiJsonTest, ResolvedIncidentsLeaveUnresolvedAndSummary) {
  Incident incident = open("Blip", {{"web", ComponentStatus::kDegradedPerformance}});
  ASSERT_TRUE(service_->resolve(incident.id, "", "test", "test").ok());
  SiteData d = data();
  EXPECT_EQ(doc(d, "/api/v2/incidents.json")["incidents"].as_array().size(), 1u);
  EXPECT_TRUE(doc(d, "/api/v2/incidents/unresolved.json")["incidents"].as_array().empty());
  EXPECT_TRUE(doc(d, "/api/v2/summary.json")["incidents"].as_array().empty());
  auto resolved = doc(d, "/api/v2/incidents.json")["incidents"].as_array()[0].as_object();
  EXPECT_TRUE(std::regex_match(std::string(resolved.at("resolved_at").as_string()), kIsoDenver));
}

TEST(ApiTimeTest, UtcPagesUseZ) {
  SiteData d;
  d.page = Page{"p", "Acme", "https://x", "Etc/UTC"};
  d.now = Instant(std::chrono::milliseconds(1669391405892));
  auto page = api_page(d);
  EXPECT_EQ(page["updated_at"].as_string(), "2022-11-25T15:50:05.892Z");
}

}  // namespace
}  // namespace pharos::site
