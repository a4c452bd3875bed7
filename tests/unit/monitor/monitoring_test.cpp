// Scenario tests of the monitoring pipeline on a fake clock with scripted results: results go in
// through ingest() (or the heartbeat path), states and component statuses come out.
#include "monitor/monitoring.h"

#include <gtest/gtest.h>

#include <random>

#include "probe/evaluate.h"
#include "support/monitor_specs.h"
#include "support/temp_dir.h"

namespace pharos::monitor {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const Instant kStart = Instant(Millis(1'800'000'000'000));

MonitorSpec http_monitor(std::string name, int fall = 3, int rise = 2) {
  MonitorSpec s;
  s.name = std::move(name);
  s.component = "api";
  s.kind = MonitorKind::kHttp;
  s.url = "http://app.test/healthz";
  s.interval = seconds(30);
  s.fall = fall;
  s.rise = rise;
  return s;
}

CheckResult result(std::string node, CheckOutcome outcome, Instant at, std::string reason = "") {
  CheckResult r;
  r.node = std::move(node);
  r.outcome = outcome;
  r.at = at;
  r.reason = std::move(reason);
  r.timing.total_us = 20'000;
  return r;
}

ComponentStatus status_of(const Monitoring& m, const std::string& component) {
  for (const auto& h : m.component_health()) {
    if (h.component_id == component) return h.status;
  }
  return ComponentStatus::kOperational;
}

// One check as the engine does it: `response` judged by the monitor's verdict, fed to `m`, then
// the clock moved one interval on.
void check_round(Monitoring& m, FakeClock& clock, const MonitorSpec& spec,
                 const probe::ProbeResponse& response) {
  probe::PreparedCheck check(spec);
  CheckResult r;
  r.at = clock.now();
  probe::evaluate(check, response, clock.now(), r);
  ASSERT_TRUE(m.ingest(spec.name, {r}).ok());
  clock.advance(spec.interval);
}

TEST(MonitoringScenarioTest, OneOfThreeNodes404IsPartialOutageWithinFallTimesInterval) {
  FakeClock clock(kStart);
  MonitorSpec spec = http_monitor("api-health", 3, 2);
  spec.node_mode = NodeMode::kList;
  spec.nodes = {"10.0.0.11", "10.0.0.12", "10.0.0.13"};
  Monitoring m({spec}, nullptr, clock);
  std::vector<ComponentHealth> changes;
  m.set_listener([&](const ComponentHealth& h) { changes.push_back(h); });

  Instant first_failure = clock.now();
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational) << "round " << round;
    Instant at = clock.now();
    ASSERT_TRUE(m.ingest("api-health",
                         {result("10.0.0.11", CheckOutcome::kUp, at),
                          result("10.0.0.12", CheckOutcome::kUp, at),
                          result("10.0.0.13", CheckOutcome::kDown, at, "HTTP 404, expected 2xx")})
                    .ok());
    if (round < 2) clock.advance(spec.interval);
  }
  EXPECT_LE(clock.now() - first_failure, spec.interval * spec.fall);
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kPartialOutage);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].status, ComponentStatus::kPartialOutage);
  ASSERT_EQ(changes[0].failing.size(), 1u);
  EXPECT_EQ(changes[0].failing[0].monitor, "api-health");
  EXPECT_EQ(changes[0].failing[0].node, "10.0.0.13");
  EXPECT_EQ(changes[0].failing[0].reason, "HTTP 404, expected 2xx");
  EXPECT_EQ(changes[0].since, first_failure);

  // All three failing is a major outage; recovery needs `rise` good rounds.
  for (int round = 0; round < 3; ++round) {
    Instant at = clock.now() + spec.interval * (round + 1);
    ASSERT_TRUE(m.ingest("api-health", {result("10.0.0.11", CheckOutcome::kDown, at),
                                        result("10.0.0.12", CheckOutcome::kDown, at),
                                        result("10.0.0.13", CheckOutcome::kDown, at)})
                    .ok());
  }
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kMajorOutage);
  for (int round = 0; round < 2; ++round) {
    Instant at = clock.now() + minutes(5 + round);
    ASSERT_TRUE(m.ingest("api-health", {result("10.0.0.11", CheckOutcome::kUp, at),
                                        result("10.0.0.12", CheckOutcome::kUp, at),
                                        result("10.0.0.13", CheckOutcome::kUp, at)})
                    .ok());
  }
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational);
}

TEST(MonitoringScenarioTest, RandomFivePercentFailuresNeverChangeStateOverALongRun) {
  FakeClock clock(kStart);
  MonitorSpec spec = http_monitor("api-health");  // default fall/rise
  spec.fall = MonitorSpec{}.fall;
  spec.rise = MonitorSpec{}.rise;
  spec.node_mode = NodeMode::kList;
  spec.nodes = {"10.0.0.11", "10.0.0.12", "10.0.0.13"};
  Monitoring m({spec}, nullptr, clock);
  int changes = 0;
  m.set_listener([&](const ComponentHealth&) { ++changes; });
  std::mt19937 rng(42);
  std::bernoulli_distribution fails(0.05);
  int failures = 0;
  for (int round = 0; round < 20'000; ++round) {  // a week at a 30 s interval, three nodes
    Instant at = kStart + spec.interval * round;
    std::vector<CheckResult> results;
    for (const auto& node : spec.nodes) {
      bool failed = fails(rng);
      failures += failed;
      results.push_back(result(node, failed ? CheckOutcome::kDown : CheckOutcome::kUp, at));
    }
    ASSERT_TRUE(m.ingest("api-health", std::move(results)).ok());
  }
  EXPECT_GT(failures, 2'700);
  EXPECT_EQ(changes, 0);
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational);
}

TEST(MonitoringScenarioTest, RisingLatencyIsDegradedPerformance) {
  FakeClock clock(kStart);
  MonitorSpec spec = http_monitor("api-latency", 3, 2);
  spec.degraded_after = milliseconds(800);
  Monitoring m({spec}, nullptr, clock);
  std::vector<ComponentStatus> seen;
  for (int round = 0; round < 12; ++round) {  // 100 ms, 250 ms, … 1750 ms
    probe::ProbeResponse response;
    response.http_status = 200;
    response.timing.total_us = (100 + 150 * round) * 1000;
    check_round(m, clock, spec, response);
    seen.push_back(status_of(m, "api"));
  }
  // Slow from round 5 (850 ms); degraded after three slow results in a row.
  EXPECT_EQ(seen[6], ComponentStatus::kOperational);
  EXPECT_EQ(seen[7], ComponentStatus::kDegradedPerformance);
  EXPECT_EQ(seen[11], ComponentStatus::kDegradedPerformance);
  auto view = m.monitor("api-latency");
  ASSERT_TRUE(view && view->nodes.size() == 1 && view->nodes[0].last);
  EXPECT_NE(view->nodes[0].last->reason.find("> degraded_after 800ms"), std::string::npos);
}

TEST(MonitoringScenarioTest, CertificateExpiringInThreeDaysWithWarnBefore14dIsDegraded) {
  FakeClock clock(kStart);
  MonitorSpec spec = testing::certificate("cert", "api", "api.acme.example:443");
  spec.warn_before = hours(24 * 14);
  spec.interval = hours(1);
  spec.fall = 2;
  Monitoring m({spec}, nullptr, clock);
  for (int round = 0; round < 2; ++round) {
    probe::ProbeResponse response;
    response.cert_expiry = kStart + hours(24 * 3);
    check_round(m, clock, spec, response);
  }
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kDegradedPerformance);
  auto health = m.component_health();
  ASSERT_EQ(health.size(), 1u);
  ASSERT_EQ(health[0].failing.size(), 1u);
  EXPECT_NE(health[0].failing[0].reason.find("expires in 2d 23h"), std::string::npos)
      << health[0].failing[0].reason;
}

TEST(MonitoringScenarioTest, MissedHeartbeatIsDownAndAPushBringsItBack) {
  FakeClock clock(kStart);
  MonitorSpec spec = testing::heartbeat("nightly-backup", "backup", "s3cret-token");
  spec.every = hours(24);
  spec.grace = hours(1);
  spec.interval = minutes(1);
  spec.fall = spec.rise = 1;
  Monitoring m({spec}, nullptr, clock);
  auto run_for = [&](Millis span) {
    for (Millis t{0}; t < span; t += minutes(1)) {
      clock.advance(minutes(1));
      m.tick();
    }
  };
  run_for(hours(20));
  ASSERT_TRUE(m.push("s3cret-token").ok());
  EXPECT_EQ(m.push("wrong").error().code, ErrorCode::kNotFound);
  run_for(hours(24));
  EXPECT_EQ(status_of(m, "backup"), ComponentStatus::kOperational) << "within every + grace";
  run_for(hours(1) + minutes(2));
  EXPECT_EQ(status_of(m, "backup"), ComponentStatus::kMajorOutage);
  auto health = m.component_health();
  EXPECT_NE(health[0].failing[0].reason.find("no heartbeat since"), std::string::npos);
  ASSERT_TRUE(m.push("s3cret-token").ok());
  EXPECT_EQ(status_of(m, "backup"), ComponentStatus::kOperational);
}

TEST(MonitoringScenarioTest, RisingGaugeTrendIsDegradedBeforeTheThreshold) {
  FakeClock clock(kStart);
  MonitorSpec spec;
  spec.name = "connections";
  spec.component = "db";
  spec.kind = MonitorKind::kMetric;
  spec.url = "http://db.test/metrics";
  spec.fall = 1;
  spec.interval = minutes(1);
  spec.metric.series = "open_connections";
  spec.metric.fail_above = 1000;
  spec.metric.trend_limit = 1000;
  spec.metric.trend_horizon = hours(1);
  spec.metric.trend_samples = 5;
  Monitoring m({spec}, nullptr, clock);
  std::vector<ComponentStatus> seen;
  for (int round = 0; round < 8; ++round) {  // 100, 120, …: +20/min, far from 1000 at first
    std::string body = "open_connections " + std::to_string(100 + 20 * round) + "\n";
    probe::ProbeResponse response;
    response.http_status = 200;
    response.body = body;  // a view
    check_round(m, clock, spec, response);
    seen.push_back(status_of(m, "db"));
  }
  // At +20/min, 1000 is ~45 min away at round 0 (already within 1 h) but three samples are needed.
  EXPECT_EQ(seen[1], ComponentStatus::kOperational);
  EXPECT_EQ(seen[2], ComponentStatus::kDegradedPerformance);
}

TEST(MonitoringTest, PrometheusTextAggregatesByDefault) {
  FakeClock clock(kStart);
  MonitorSpec db = http_monitor("db-health", 1), paused = http_monitor("cdn-edge");
  db.component = "db";
  Monitoring m({http_monitor("api-health"), db, paused}, nullptr, clock);
  ASSERT_TRUE(m.pause("cdn-edge", "user:ops").ok());
  ASSERT_TRUE(m.ingest("api-health", {result("10.0.0.7", CheckOutcome::kUp, kStart)}).ok());
  ASSERT_TRUE(
      m.ingest("db-health", {result("10.0.0.9", CheckOutcome::kDown, kStart, "boom")}).ok());
  std::string text = m.prometheus_text();
  EXPECT_NE(text.find("pharos_checks_total 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("pharos_check_failures_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_monitors{status=\"operational\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_monitors{status=\"major_outage\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_monitors{status=\"paused\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_monitor_nodes{state=\"up\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_monitor_nodes{state=\"down\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_component_status{component=\"db\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("pharos_component_status{component=\"api\"} 0\n"), std::string::npos);
  // Nothing per monitor, and no node address: those are for trusted scrapers only.
  EXPECT_EQ(text.find("api-health"), std::string::npos) << text;
  EXPECT_EQ(text.find("10.0.0."), std::string::npos) << text;
}

TEST(MonitoringTest, PrometheusTextHasPerMonitorSeriesOnRequest) {
  FakeClock clock(kStart);
  Monitoring m({http_monitor("api-health")}, nullptr, clock);
  ASSERT_TRUE(m.ingest("api-health", {result("", CheckOutcome::kDown, kStart, "boom")}).ok());
  ASSERT_TRUE(m.ingest("api-health", {result("", CheckOutcome::kUp, kStart + seconds(30))}).ok());
  std::string text = m.prometheus_text(Monitoring::MetricsDetail::kPerMonitor);
  EXPECT_NE(text.find("pharos_monitor_checks_total{monitor=\"api-health\",component=\"api\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("pharos_monitor_failures_total{monitor=\"api-health\",component=\"api\"} 1\n"),
      std::string::npos);
  EXPECT_NE(
      text.find("pharos_monitor_latency_seconds{monitor=\"api-health\",component=\"api\"} 0.02\n"),
      std::string::npos);
  EXPECT_NE(text.find("pharos_check_duration_seconds_bucket{le=\"0.025\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE pharos_schedule_lateness_seconds histogram"), std::string::npos);
  EXPECT_FALSE(m.ingest("nope", {}).ok());
}

TEST(MonitoringTest, TroubledAndComponentHealthSeeOnlyTheirOwnMonitors) {
  FakeClock clock(kStart);
  MonitorSpec a = http_monitor("a-health", 1), b1 = http_monitor("b-one", 1),
              b2 = http_monitor("b-two", 1);
  b1.component = b2.component = "billing";
  Monitoring m({a, b1, b2}, nullptr, clock);
  EXPECT_TRUE(m.troubled().empty());
  ASSERT_TRUE(m.ingest("a-health", {result("", CheckOutcome::kUp, kStart)}).ok());
  ASSERT_TRUE(m.ingest("b-two", {result("", CheckOutcome::kDown, kStart, "HTTP 500")}).ok());
  auto troubled = m.troubled();
  ASSERT_EQ(troubled.size(), 1u);
  EXPECT_EQ(troubled[0].name, "b-two");
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational);
  EXPECT_EQ(status_of(m, "billing"), ComponentStatus::kMajorOutage);
  for (const auto& h : m.component_health()) {
    if (h.component_id == "api") {
      EXPECT_TRUE(h.failing.empty());
      continue;
    }
    ASSERT_EQ(h.failing.size(), 1u);
    EXPECT_EQ(h.failing[0].monitor, "b-two");
    EXPECT_EQ(h.failing[0].reason, "HTTP 500");
  }
  EXPECT_EQ(m.monitor("b-one")->component, "billing");
  EXPECT_FALSE(m.monitor("b-three").has_value());
}

TEST(MonitoringTest, FlushWritesResultsAndRollups) {
  testing::TempDir dir;
  auto store = open_results_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  FakeClock clock(kStart);
  Monitoring m({http_monitor("api-health")}, store->get(), clock);
  for (int i = 0; i < 4; ++i) {
    CheckOutcome o = i == 3 ? CheckOutcome::kDown : CheckOutcome::kUp;
    ASSERT_TRUE(m.ingest("api-health", {result("", o, kStart + seconds(15 * i))}).ok());
  }
  ASSERT_TRUE(m.flush().ok());
  auto rows = (*store)->results("api-health", kStart, kStart + hours(1), 100);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 4u);
  auto hourly =
      (*store)->rollups("api-health", RollupPeriod::kHour, kStart - hours(1), kStart + hours(1));
  ASSERT_TRUE(hourly.ok());
  auto summary = summarize(*hourly);
  EXPECT_EQ(summary.checks, 4);
  EXPECT_EQ(summary.failures, 1);
  EXPECT_DOUBLE_EQ(*summary.uptime, 0.75);
}

// A results store that is away (every write fails, as with the database down) until told back.
class AwayResults final : public ResultsStore {
 public:
  explicit AwayResults(ResultsStore& real) : real_(real) {}
  bool away = true;
  Result<void> write_batch(const std::vector<StoredResult>& results) override {
    if (away) return Error::unavailable("database unreachable");
    return real_.write_batch(results);
  }
  Result<std::vector<StoredResult>> results(const std::string& monitor, Instant from, Instant to,
                                            std::size_t limit) override {
    return real_.results(monitor, from, to, limit);
  }
  Result<std::vector<RollupRow>> rollups(const std::string& monitor, RollupPeriod period,
                                         Instant from, Instant to) override {
    return real_.rollups(monitor, period, from, to);
  }
  Result<std::vector<RollupRow>> rollup_totals(RollupPeriod period, Instant from,
                                               Instant to) override {
    return real_.rollup_totals(period, from, to);
  }
  Result<std::vector<RollupCount>> rollup_counts(
      RollupPeriod period, Instant from, Instant to,
      const std::vector<std::string>& monitors) override {
    return real_.rollup_counts(period, from, to, monitors);
  }
  Result<std::vector<CoverageSpan>> coverage(Instant from, Instant to) override {
    return real_.coverage(from, to);
  }
  Result<std::int64_t> prune(Instant before) override { return real_.prune(before); }
  Result<std::vector<MonitorPause>> pauses() override { return real_.pauses(); }
  Result<void> save_pause(const MonitorPause& pause) override { return real_.save_pause(pause); }
  Result<void> clear_pause(const std::string& monitor) override {
    return real_.clear_pause(monitor);
  }
  Result<std::vector<PushToken>> push_tokens() override { return real_.push_tokens(); }
  Result<std::string> save_push_token(const PushToken& token) override {
    return real_.save_push_token(token);
  }
  Result<std::vector<RollupRow>> location_rollups(const std::string& monitor, RollupPeriod period,
                                                  Instant from, Instant to) override {
    return real_.location_rollups(monitor, period, from, to);
  }
  Result<void> save_location_states(const std::vector<LocationState>& states) override {
    if (away) return Error::unavailable("database unreachable");
    return real_.save_location_states(states);
  }
  Result<void> record_push(const std::string& monitor, Instant at) override {
    if (away) return Error::unavailable("database unreachable");
    return real_.record_push(monitor, at);
  }
  Result<std::optional<SharedMonitorState>> shared_state(std::int64_t known) override {
    if (away) return Error::unavailable("database unreachable");
    return real_.shared_state(known);
  }

 private:
  ResultsStore& real_;
};

TEST(MonitoringTest, ResultsWaitWhileTheStoreIsAwayAndTheOldestBeyondTheCapAreDropped) {
  testing::TempDir dir;
  auto store = open_results_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok()) << store.error().message;
  AwayResults results(**store);
  FakeClock clock(kStart);
  MonitoringOptions options;
  options.max_pending_results = 3;
  Monitoring m({http_monitor("api-health")}, &results, clock, options);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(m.ingest("api-health", {result("", CheckOutcome::kUp, kStart + seconds(i))}).ok());
    EXPECT_FALSE(m.flush().ok()) << "the store is away";
  }
  EXPECT_EQ(m.results_dropped(), 2);
  EXPECT_NE(m.prometheus_text().find("pharos_results_dropped_total 2\n"), std::string::npos);
  results.away = false;
  ASSERT_TRUE(m.flush().ok());
  auto rows = (*store)->results("api-health", kStart, kStart + hours(1), 100);
  ASSERT_EQ(rows->size(), 3u) << "the newest three, written once the store is back";
  EXPECT_EQ(rows->back().at, kStart + seconds(2)) << "the oldest were dropped first";
}

}  // namespace
}  // namespace pharos::monitor
