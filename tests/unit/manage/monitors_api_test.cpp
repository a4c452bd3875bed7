// /api/manage/v1/monitors in-process: a real Monitoring (scripted results through its submit hook,
// a real results store on the fixture's database) behind the real router and guard.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "monitor/monitoring.h"
#include "support/monitor_specs.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;
using M = web::Method;
using namespace std::chrono_literals;

MonitorSpec list_monitor(std::string name, std::vector<std::string> nodes) {
  MonitorSpec s;
  s.name = std::move(name);
  s.component = "api";
  s.url = "http://api.test/healthz";
  s.node_mode = NodeMode::kList;
  s.nodes = std::move(nodes);
  s.fall = 2;
  return s;
}

// No token configured: one is generated.
MonitorSpec heartbeat() { return testing::heartbeat("nightly-backup", "web"); }

class MonitorsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    open_results();
    if (HasFatalFailure()) return;
    monitor::MonitoringOptions options;
    options.submit = [this](const MonitorSpec& spec) {
      ++submitted_;
      if (answer_) (void)monitoring_->ingest(spec.name, round());
    };
    monitoring_ = std::make_unique<monitor::Monitoring>(
        std::vector{list_monitor("api-health", {"10.0.0.11", "10.0.0.12"}),
                    list_monitor("web-health", {"10.0.0.21"}), heartbeat()},
        results_.get(), clock_, options);
    router_ = web::Router();
    add_routes(router_, Services{.store = *store_,
                                 .incidents = *incidents_,
                                 .auth_store = *auth_store_,
                                 .clock = clock_,
                                 .monitoring = monitoring_.get()});
  }

  // api-health: 10.0.0.12 answers 404 <b>, the other node is up.
  std::vector<CheckResult> round() {
    std::vector<CheckResult> out;
    for (std::string node : {"10.0.0.11", "10.0.0.12"}) {
      CheckResult r;
      r.node = node;
      r.at = clock_.now();
      r.outcome = node == "10.0.0.12" ? CheckOutcome::kDown : CheckOutcome::kUp;
      r.http_status = node == "10.0.0.12" ? 404 : 200;
      if (node == "10.0.0.12") r.reason = "HTTP 404, expected 2xx";
      r.timing.total_us = 12'500;
      out.push_back(std::move(r));
    }
    return out;
  }

  void sick_rounds(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(monitoring_->ingest("api-health", round()).ok());
      clock_.advance(30s);
    }
    ASSERT_TRUE(monitoring_->flush().ok());
  }

  std::vector<AuditEntry> audit_entries() { return *auth_store_->list_audit(1000, 0); }

  std::unique_ptr<monitor::Monitoring> monitoring_;
  int submitted_ = 0;
  bool answer_ = true;
};

TEST_F(MonitorsApiTest, ListShowsNodesLastChecksAndUptimeToReaders) {
  sick_rounds(2);
  EXPECT_EQ(call(M::kGet, "/monitors", "").status, 401u);
  auto r = as(Role::kViewer, M::kGet, "/monitors");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  json::array list = parse(r).as_array();
  ASSERT_EQ(list.size(), 3u);
  const json::object& api = list[0].as_object();
  EXPECT_EQ(api.at("name").as_string(), "api-health");
  EXPECT_EQ(api.at("kind").as_string(), "http");
  EXPECT_EQ(api.at("component").as_string(), "api");
  EXPECT_EQ(api.at("interval_ms").as_int64(), 30'000);
  EXPECT_EQ(api.at("status").as_string(), "partial_outage");
  EXPECT_FALSE(api.at("paused").as_bool());
  EXPECT_FALSE(api.at("flapping").as_bool());
  EXPECT_DOUBLE_EQ(api.at("uptime_24h").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(api.at("uptime_7d").as_double(), 0.5);
  const json::array& nodes = api.at("nodes").as_array();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].at("node").as_string(), "10.0.0.12");
  EXPECT_EQ(nodes[1].at("state").as_string(), "down");
  const json::object& last = nodes[1].at("last_check").as_object();
  EXPECT_EQ(last.at("status").as_string(), "down");
  EXPECT_EQ(last.at("http_status").as_int64(), 404);
  EXPECT_EQ(last.at("error").as_string(), "HTTP 404, expected 2xx");
  EXPECT_DOUBLE_EQ(last.at("latency_ms").as_double(), 12.5);
  // web-health has never been checked: no nodes, no uptime (no data is not "up").
  EXPECT_TRUE(list[1].at("nodes").as_array().empty());
  EXPECT_TRUE(list[1].at("uptime_24h").is_null());
}

TEST_F(MonitorsApiTest, ListIsPaginated) {
  auto second = as(Role::kViewer, M::kGet, "/monitors?page=2&per_page=1");
  ASSERT_EQ(second.status, 200u);
  ASSERT_EQ(parse(second).as_array().size(), 1u);
  EXPECT_EQ(parse(second).as_array()[0].at("name").as_string(), "web-health");
  EXPECT_TRUE(parse(as(Role::kViewer, M::kGet, "/monitors?page=4&per_page=1")).as_array().empty());
  auto bad = as(Role::kViewer, M::kGet, "/monitors?page=0");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(error_field(bad), "page");
}

TEST_F(MonitorsApiTest, OneMonitorHasRecentRollupPointsAndUnknownNamesAre404) {
  sick_rounds(4);
  auto r = as(Role::kViewer, M::kGet, "/monitors/api-health");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  json::value v = parse(r);
  const json::array& minutes = v.at("rollups").at("minute").as_array();
  ASSERT_EQ(minutes.size(), 2u);  // four rounds 30 s apart: two minutes
  EXPECT_EQ(minutes[0].at("checks").as_int64(), 4);
  EXPECT_EQ(minutes[0].at("failures").as_int64(), 2);
  EXPECT_EQ(minutes[0].at("p50_ms").as_int64(), 25);  // 12.5 ms falls in the 25 ms bucket
  EXPECT_EQ(v.at("rollups").at("hour").as_array().size(), 1u);

  for (auto [method, path] :
       {std::pair{M::kGet, "/monitors/nope"}, std::pair{M::kPost, "/monitors/nope/pause"},
        std::pair{M::kPost, "/monitors/nope/resume"}, std::pair{M::kPost, "/monitors/nope/run"}}) {
    auto missing = as(Role::kAdmin, method, path);
    EXPECT_EQ(missing.status, 404u) << path;
    EXPECT_EQ(error_field(missing), "name") << path;
  }
}

TEST_F(MonitorsApiTest, PauseAndResumeNeedWriteAndAreAuditedWithBeforeAndAfter) {
  sick_rounds(2);
  std::size_t audits = audit_count();
  auto denied = as(Role::kViewer, M::kPost, "/monitors/api-health/pause");
  EXPECT_EQ(denied.status, 403u);
  EXPECT_FALSE(monitoring_->monitor("api-health")->paused);
  EXPECT_EQ(call(M::kPost, "/monitors/api-health/pause", "").status, 401u);

  auto paused = as(Role::kResponder, M::kPost, "/monitors/api-health/pause");
  ASSERT_EQ(paused.status, 200u) << paused.body_view();
  EXPECT_TRUE(parse(paused).at("paused").as_bool());
  EXPECT_EQ(parse(paused).at("paused_by").as_string(), "user:rob");
  EXPECT_EQ(parse(paused).at("status").as_string(), "operational");
  ASSERT_EQ(audit_count(), audits + 1);
  AuditEntry entry = audit_entries().front();
  if (entry.action != "monitor.pause") entry = audit_entries().back();
  EXPECT_EQ(entry.action, "monitor.pause");
  EXPECT_EQ(entry.actor, "user:rob");
  EXPECT_EQ(entry.target, "api-health");
  EXPECT_FALSE(json::parse(entry.before).at("paused").as_bool());
  EXPECT_TRUE(json::parse(entry.after).at("paused").as_bool());
  EXPECT_TRUE(parse(as(Role::kViewer, M::kGet, "/monitors/api-health")).at("paused").as_bool());

  // Pausing again changes nothing and records nothing.
  EXPECT_EQ(as(Role::kAdmin, M::kPost, "/monitors/api-health/pause").status, 200u);
  EXPECT_EQ(audit_count(), audits + 1);

  auto resumed = as(Role::kResponder, M::kPost, "/monitors/api-health/resume");
  ASSERT_EQ(resumed.status, 200u);
  EXPECT_FALSE(parse(resumed).at("paused").as_bool());
  EXPECT_TRUE(parse(resumed).at("paused_by").is_null());
  EXPECT_EQ(audit_count(), audits + 2);
}

TEST_F(MonitorsApiTest, RunNowReturnsTheRoundAndRefusesWhileOneIsInFlight) {
  EXPECT_EQ(as(Role::kViewer, M::kPost, "/monitors/api-health/run").status, 403u);
  EXPECT_EQ(submitted_, 0);
  std::size_t audits = audit_count();
  auto ran = as(Role::kResponder, M::kPost, "/monitors/api-health/run");
  ASSERT_EQ(ran.status, 200u) << ran.body_view();
  json::value v = parse(ran);
  const json::array& results = v.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].at("node").as_string(), "10.0.0.12");
  EXPECT_EQ(results[1].at("status").as_string(), "down");
  EXPECT_EQ(results[1].at("error").as_string(), "HTTP 404, expected 2xx");
  EXPECT_EQ(v.at("monitor").at("checks").as_int64(), 2);
  EXPECT_EQ(audit_count(), audits + 1);

  answer_ = false;  // the next check stays in flight
  clock_.advance(5min);
  monitoring_->tick();  // submits both monitors' scheduled checks
  int in_flight = submitted_;
  ASSERT_GE(in_flight, 2);
  auto busy = as(Role::kResponder, M::kPost, "/monitors/api-health/run");
  EXPECT_EQ(busy.status, 409u);
  EXPECT_NE(std::string(busy.body_view()).find("already running"), std::string::npos);
  EXPECT_EQ(submitted_, in_flight);
}

TEST_F(MonitorsApiTest, ThePushTokenIsShownToWriteScopeCallersOnly) {
  std::string token = monitoring_->monitor("nightly-backup")->push_token;
  ASSERT_EQ(token.rfind("hb_", 0), 0u);
  auto responder = parse(as(Role::kResponder, M::kGet, "/monitors/nightly-backup"));
  EXPECT_EQ(responder.at("push_token").as_string(), token);
  auto viewer = parse(as(Role::kViewer, M::kGet, "/monitors/nightly-backup"));
  EXPECT_FALSE(viewer.as_object().contains("push_token"));
  // Never in the list, and never in an audit entry.
  auto list = as(Role::kAdmin, M::kGet, "/monitors");
  EXPECT_EQ(std::string(list.body_view()).find(token), std::string::npos);
  ASSERT_EQ(as(Role::kAdmin, M::kPost, "/monitors/nightly-backup/pause").status, 200u);
  for (const auto& entry : audit_entries()) {
    EXPECT_EQ(entry.before.find(token), std::string::npos);
    EXPECT_EQ(entry.after.find(token), std::string::npos);
  }
}

TEST_F(ApiTest, MonitorRoutesWithoutMonitoringAnswer503NamingIt) {
  auto r = as(Role::kAdmin, M::kGet, "/monitors");
  EXPECT_EQ(r.status, 503u);
  EXPECT_NE(std::string(r.body_view()).find("monitoring"), std::string::npos);
  EXPECT_EQ(as(Role::kAdmin, M::kPost, "/monitors/api-health/pause").status, 503u);
}

}  // namespace
}  // namespace pharos::manage
