#include "notify/webhook/webhook_payload.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace pharos::notify {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const Instant kT0 = Instant(1700000000000ms);

std::vector<std::string> keys(const json::object& o) {
  std::vector<std::string> out;
  for (const auto& kv : o) out.emplace_back(kv.key());
  return out;
}

RenderInput base_input() {
  RenderInput in;
  in.page = {"pg0000000001", "Acme", "https://status.acme.example", "Etc/UTC"};
  in.status = {Indicator::kMinor, "Partially Degraded Service"};
  in.generated_at = kT0 + 5s;
  in.unsubscribe_url = "https://status.acme.example/subscriptions/unsubscribe/tok";
  Component api;
  api.id = "api";
  api.name = "API";
  api.group_id = "platform";
  api.position = 1;
  api.status = ComponentStatus::kDegradedPerformance;
  api.created_at = kT0 - 24h;
  api.updated_at = kT0;
  in.components = {api};
  in.groups = {{"platform", "Platform", "", 1}};
  return in;
}

Incident sample_incident() {
  Incident i;
  i.id = "inc000000001";
  i.name = "Slow API";
  i.status = IncidentStatus::kIdentified;
  i.impact = Impact::kMinor;
  i.created_at = kT0;
  i.updated_at = kT0 + 60s;
  i.started_at = kT0 - 30s;
  i.component_ids = {"api"};
  IncidentUpdate first;
  first.id = "upd000000001";
  first.status = IncidentStatus::kInvestigating;
  first.body = "Looking into it";
  first.created_at = first.updated_at = first.display_at = kT0;
  first.component_changes = {
      {"api", ComponentStatus::kOperational, ComponentStatus::kDegradedPerformance}};
  IncidentUpdate second;
  second.id = "upd000000002";
  second.status = IncidentStatus::kIdentified;
  second.body = "Found it";
  second.created_at = second.updated_at = second.display_at = kT0 + 60s;
  i.updates = {first, second};
  return i;
}

TEST(WebhookPayloadTest, IncidentHasStatuspageShapeFieldByField) {
  RenderInput in = base_input();
  in.event.kind = EventKind::kIncidentUpdated;
  in.event.incident_id = "inc000000001";
  in.event.update_id = "upd000000002";
  in.incident = sample_incident();
  json::object root = json::parse(webhook_payload(in)).as_object();

  EXPECT_EQ(keys(root), (std::vector<std::string>{"meta", "page", "incident"}));
  const auto& meta = root["meta"].as_object();
  EXPECT_EQ(keys(meta), (std::vector<std::string>{"unsubscribe", "documentation", "generated_at"}));
  EXPECT_EQ(meta.at("unsubscribe").as_string(), in.unsubscribe_url);
  EXPECT_EQ(meta.at("documentation").as_string(), in.page.url + "/webhooks")
      << "a page every Pharos serves (site/html_webhooks.cpp)";
  EXPECT_EQ(meta.at("generated_at").as_string(), "2023-11-14T22:13:25.000Z");
  const auto& page = root["page"].as_object();
  EXPECT_EQ(keys(page), (std::vector<std::string>{"id", "status_indicator", "status_description"}));
  EXPECT_EQ(page.at("status_indicator").as_string(), "minor");
  EXPECT_EQ(page.at("status_description").as_string(), "Partially Degraded Service");

  const auto& inc = root["incident"].as_object();
  EXPECT_EQ(keys(inc), (std::vector<std::string>{"name",
                                                 "status",
                                                 "created_at",
                                                 "updated_at",
                                                 "monitoring_at",
                                                 "resolved_at",
                                                 "impact",
                                                 "shortlink",
                                                 "postmortem_ignored",
                                                 "postmortem_body",
                                                 "postmortem_body_last_updated_at",
                                                 "postmortem_published_at",
                                                 "postmortem_notified_subscribers",
                                                 "postmortem_notified_twitter",
                                                 "backfilled",
                                                 "scheduled_for",
                                                 "scheduled_until",
                                                 "scheduled_remind_prior",
                                                 "scheduled_reminded_at",
                                                 "impact_override",
                                                 "scheduled_auto_in_progress",
                                                 "scheduled_auto_completed",
                                                 "id",
                                                 "page_id",
                                                 "incident_updates",
                                                 "components",
                                                 "started_at"}));
  EXPECT_EQ(inc.at("status").as_string(), "identified");
  EXPECT_EQ(inc.at("impact").as_string(), "minor");
  EXPECT_TRUE(inc.at("resolved_at").is_null());
  EXPECT_TRUE(inc.at("scheduled_for").is_null());
  EXPECT_EQ(inc.at("shortlink").as_string(), "https://status.acme.example/incidents/inc000000001");
  EXPECT_EQ(inc.at("page_id").as_string(), "pg0000000001");
  EXPECT_EQ(inc.at("started_at").as_string(), "2023-11-14T22:12:50.000Z");

  const auto& updates = inc.at("incident_updates").as_array();
  ASSERT_EQ(updates.size(), 2u);
  const auto& newest = updates[0].as_object();  // newest first
  EXPECT_EQ(newest.at("id").as_string(), "upd000000002");
  EXPECT_EQ(keys(newest),
            (std::vector<std::string>{"id", "status", "body", "incident_id", "created_at",
                                      "updated_at", "display_at", "affected_components",
                                      "deliver_notifications", "custom_tweet", "tweet_id",
                                      "wants_twitter_update", "twitter_updated_at"}));
  EXPECT_TRUE(newest.at("affected_components").is_null());
  const auto& oldest = updates[1].as_object();
  const auto& affected = oldest.at("affected_components").as_array();
  ASSERT_EQ(affected.size(), 1u);
  EXPECT_EQ(keys(affected[0].as_object()),
            (std::vector<std::string>{"code", "name", "old_status", "new_status"}));
  EXPECT_EQ(affected[0].at("name").as_string(), "Platform - API");
  EXPECT_EQ(affected[0].at("old_status").as_string(), "operational");
  EXPECT_EQ(affected[0].at("new_status").as_string(), "degraded_performance");

  const auto& components = inc.at("components").as_array();
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(components[0].at("status").as_string(), "degraded_performance");
}

TEST(WebhookPayloadTest, ComponentUpdateHasStatuspageShapeFieldByField) {
  RenderInput in = base_input();
  in.event.seq = 37;
  in.event.kind = EventKind::kComponentUpdated;
  in.event.component_id = "api";
  in.event.old_status = ComponentStatus::kOperational;
  in.event.new_status = ComponentStatus::kDegradedPerformance;
  in.event.created_at = kT0;
  in.component = in.components[0];
  json::object root = json::parse(webhook_payload(in)).as_object();
  EXPECT_EQ(keys(root),
            (std::vector<std::string>{"meta", "page", "component_update", "component"}));
  const auto& cu = root["component_update"].as_object();
  EXPECT_EQ(keys(cu), (std::vector<std::string>{"old_status", "new_status", "created_at",
                                                "component_type", "id", "component_id"}));
  EXPECT_EQ(cu.at("old_status").as_string(), "operational");
  EXPECT_EQ(cu.at("new_status").as_string(), "degraded_performance");
  EXPECT_EQ(cu.at("component_type").as_string(), "Component");
  EXPECT_EQ(cu.at("id").as_string(), "000000000011");  // 37 in base 36, stable per event
  EXPECT_EQ(cu.at("component_id").as_string(), "api");
  const auto& c = root["component"].as_object();
  EXPECT_EQ(keys(c),
            (std::vector<std::string>{"status", "name", "created_at", "updated_at", "position",
                                      "description", "showcase", "id", "page_id", "group_id"}));
  EXPECT_EQ(c.at("group_id").as_string(), "platform");
  EXPECT_TRUE(c.at("description").is_null());
  EXPECT_EQ(c.at("position").as_int64(), 1);
}

}  // namespace
}  // namespace pharos::notify
