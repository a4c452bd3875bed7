// Pause, resume and run now on a fake clock with scripted results (the submit hook stands in for
// the probe engine), with a real SQLite results store so pauses are seen to survive a restart.
#include "monitor/monitoring.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/runtime.h"
#include "incident/automation.h"
#include "support/monitor_specs.h"
#include "support/store_fixture.h"

namespace pharos::monitor {
namespace {

using namespace std::chrono_literals;

const Instant kStart = Instant(Millis(1'800'000'000'000));

MonitorSpec three_nodes() {
  MonitorSpec s = testing::three_node_http("api-health", "api");
  s.timeout = 5s;
  return s;
}

std::vector<CheckResult> round(Instant at, const std::string& sick = "10.0.0.13") {
  std::vector<CheckResult> out;
  for (std::string node : {"10.0.0.11", "10.0.0.12", "10.0.0.13"}) {
    CheckResult r;
    r.node = node;
    r.at = at;
    r.outcome = node == sick ? CheckOutcome::kDown : CheckOutcome::kUp;
    if (node == sick) r.reason = "HTTP 404, expected 2xx";
    r.timing.total_us = 30'000;
    out.push_back(std::move(r));
  }
  return out;
}

ComponentStatus api_status(const Monitoring& m) {
  for (const auto& h : m.component_health()) {
    if (h.component_id == "api") return h.status;
  }
  return ComponentStatus::kOperational;
}

class MonitorControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto results = open_results_store(db_.url());
    ASSERT_TRUE(results.ok()) << results.error().message;
    results_ = std::move(*results);
  }

  // A Monitoring whose checks go to `submitted` (answered by the test, or by `answer`).
  std::unique_ptr<Monitoring> make(std::vector<MonitorSpec> specs) {
    MonitoringOptions options;
    options.submit = [this](const MonitorSpec& spec) {
      submitted_.push_back(spec.name);
      if (answer_) answer_(spec);
    };
    return std::make_unique<Monitoring>(std::move(specs), results_.get(), clock_, options);
  }

  void sick_rounds(Monitoring& m, int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(m.ingest("api-health", round(clock_.now())).ok());
      clock_.advance(30s);
    }
  }

  testing::StoreFixture db_;
  FakeClock clock_{kStart};
  std::unique_ptr<ResultsStore> results_;
  std::vector<std::string> submitted_;
  std::function<void(const MonitorSpec&)> answer_;
};

TEST_F(MonitorControlTest, PausingASickMonitorClearsItFromTheComponentAndResumeStartsFresh) {
  auto m = make({three_nodes()});
  std::vector<ComponentStatus> changes;
  m->set_listener([&](const ComponentHealth& h) { changes.push_back(h.status); });
  sick_rounds(*m, 3);
  ASSERT_EQ(api_status(*m), ComponentStatus::kPartialOutage);

  auto paused = m->pause("api-health", "user:rob");
  ASSERT_TRUE(paused.ok()) << paused.error().message;
  ASSERT_TRUE(paused->paused);
  EXPECT_EQ(paused->paused->paused_by, "user:rob");
  EXPECT_EQ(paused->paused->paused_at, clock_.now());
  EXPECT_TRUE(paused->nodes.empty());
  EXPECT_EQ(api_status(*m), ComponentStatus::kOperational);
  EXPECT_EQ(changes, (std::vector{ComponentStatus::kPartialOutage, ComponentStatus::kOperational}));
  EXPECT_TRUE(m->component_health()[0].failing.empty());

  // Pausing again keeps the first pause.
  clock_.advance(1min);
  auto again = m->pause("api-health", "user:ada");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->paused->paused_by, "user:rob");

  auto resumed = m->resume("api-health");
  ASSERT_TRUE(resumed.ok());
  EXPECT_FALSE(resumed->paused);
  sick_rounds(*m, 2);  // fall is 3: two bad results after the resume are not enough
  EXPECT_EQ(api_status(*m), ComponentStatus::kOperational);
  sick_rounds(*m, 1);
  EXPECT_EQ(api_status(*m), ComponentStatus::kPartialOutage);
}

TEST_F(MonitorControlTest, APausedMonitorIsNotScheduledAndItsLateResultsAreDropped) {
  auto m = make({three_nodes()});
  clock_.advance(30s);
  m->tick();
  ASSERT_EQ(submitted_.size(), 1u);  // in flight when it gets paused
  ASSERT_TRUE(m->pause("api-health", "user:rob").ok());
  ASSERT_TRUE(m->ingest("api-health", round(clock_.now())).ok());  // the late answer
  EXPECT_TRUE(m->monitor("api-health")->nodes.empty());
  EXPECT_EQ(m->monitor("api-health")->checks, 0);
  for (int i = 0; i < 10; ++i) {
    clock_.advance(30s);
    m->tick();
  }
  EXPECT_EQ(submitted_.size(), 1u);
  ASSERT_TRUE(m->flush().ok());
  EXPECT_TRUE(results_->results("api-health", kStart, clock_.now() + 1h, 10)->empty());
}

TEST_F(MonitorControlTest, APausedMonitorOpensNoIncident) {
  Page page{"", "Acme", "", "Etc/UTC"};
  auto store = db_.open(clock_, page, {}, {testing::component("api", "API")});
  ASSERT_TRUE(store.ok()) << store.error().describe();
  Automation automation(**store, clock_, AutomationSettings{});

  auto m = make({three_nodes()});
  ASSERT_TRUE(m->pause("api-health", "user:rob").ok());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(m->ingest("api-health", round(clock_.now(), "")).ok());  // every node down
    ASSERT_TRUE(automation.evaluate(to_component_health(m->component_health())).ok());
    clock_.advance(30s);
  }
  EXPECT_TRUE((*store)->list_incidents({})->empty());
  EXPECT_EQ((*store)->list_components()->at(0).status, ComponentStatus::kOperational);

  // The same rounds without the pause do open one: the test can fail.
  ASSERT_TRUE(m->resume("api-health").ok());
  for (int i = 0; i < 4; ++i) {
    std::vector<CheckResult> all_down = round(clock_.now(), "");
    for (auto& r : all_down) r.outcome = CheckOutcome::kDown;
    ASSERT_TRUE(m->ingest("api-health", std::move(all_down)).ok());
    ASSERT_TRUE(automation.evaluate(to_component_health(m->component_health())).ok());
    clock_.advance(30s);
  }
  EXPECT_EQ((*store)->list_incidents({})->size(), 1u);
}

TEST_F(MonitorControlTest, APauseSurvivesARestartWithWhoAndWhen) {
  Instant paused_at;
  {
    auto m = make({three_nodes()});
    clock_.advance(5min);
    paused_at = clock_.now();
    ASSERT_TRUE(m->pause("api-health", "user:rob").ok());
  }
  clock_.advance(1h);
  auto restarted = make({three_nodes()});
  auto view = restarted->monitor("api-health");
  ASSERT_TRUE(view && view->paused);
  EXPECT_EQ(view->paused->paused_by, "user:rob");
  EXPECT_EQ(view->paused->paused_at, paused_at);
  clock_.advance(30s);
  restarted->tick();
  EXPECT_TRUE(submitted_.empty());

  ASSERT_TRUE(restarted->resume("api-health").ok());
  restarted.reset();
  auto again = make({three_nodes()});
  EXPECT_FALSE(again->monitor("api-health")->paused);
  clock_.advance(30s);
  again->tick();
  EXPECT_EQ(submitted_.size(), 1u);
}

TEST_F(MonitorControlTest, RunNowReturnsTheRoundAndFeedsThePipeline) {
  auto m = make({three_nodes()});
  Monitoring* self = m.get();
  answer_ = [&](const MonitorSpec& spec) {
    ASSERT_TRUE(self->ingest(spec.name, round(clock_.now())).ok());
  };
  auto ran = m->run_now("api-health");
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  ASSERT_EQ(ran->size(), 3u);
  EXPECT_EQ((*ran)[2].node, "10.0.0.13");
  EXPECT_EQ((*ran)[2].outcome, CheckOutcome::kDown);
  EXPECT_EQ((*ran)[2].reason, "HTTP 404, expected 2xx");
  auto view = m->monitor("api-health");
  EXPECT_EQ(view->checks, 3);
  ASSERT_EQ(view->nodes.size(), 3u);
  ASSERT_TRUE(view->nodes[2].last);
  EXPECT_EQ(view->nodes[2].last->outcome, CheckOutcome::kDown);
  ASSERT_TRUE(m->flush().ok());
  EXPECT_EQ(results_->results("api-health", kStart, kStart + 1h, 10)->size(), 3u);
}

TEST_F(MonitorControlTest, RunNowRefusesWhileACheckIsInFlight) {
  auto m = make({three_nodes()});
  clock_.advance(30s);
  m->tick();  // the scheduled check, not answered yet
  ASSERT_EQ(submitted_.size(), 1u);
  auto refused = m->run_now("api-health");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("already running"), std::string::npos);
  EXPECT_EQ(submitted_.size(), 1u);

  ASSERT_TRUE(m->ingest("api-health", round(clock_.now())).ok());  // it finished
  Monitoring* self = m.get();
  answer_ = [&](const MonitorSpec& spec) { (void)self->ingest(spec.name, round(clock_.now())); };
  EXPECT_TRUE(m->run_now("api-health").ok());
  EXPECT_EQ(submitted_.size(), 2u);
}

TEST_F(MonitorControlTest, RunNowGivesUpAfterTheTimeoutAndALateRoundStillCounts) {
  MonitorSpec spec = three_nodes();
  spec.timeout = 20ms;
  MonitoringOptions options;
  options.run_now_slack = Millis(0);  // the wait is real time: keep it short
  options.submit = [this](const MonitorSpec& s) { submitted_.push_back(s.name); };  // never answers
  Monitoring m({spec}, results_.get(), clock_, options);
  auto ran = m.run_now("api-health");
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(ran.error().message.find("no result from 'api-health' within"), std::string::npos);
  // The check is still in flight: no second one is started until it reports.
  EXPECT_EQ(m.run_now("api-health").error().code, ErrorCode::kConflict);
  ASSERT_TRUE(m.ingest("api-health", round(clock_.now())).ok());
  EXPECT_EQ(m.monitor("api-health")->checks, 3);
  EXPECT_EQ(submitted_.size(), 1u);
}

TEST_F(MonitorControlTest, OnlyOneCallerWaitsInRunNowAtOnceOverAllMonitors) {
  // Callers of run_now are HTTP server threads: a second waiting run would hold a second one.
  MonitorSpec a = three_nodes();
  MonitorSpec b = three_nodes();
  b.name = "api-latency";
  std::atomic<bool> a_submitted{false};
  MonitoringOptions options;
  options.submit = [&](const MonitorSpec& s) {
    if (s.name == "api-health") a_submitted = true;
  };
  Monitoring m({a, b}, results_.get(), clock_, options);
  std::thread first([&] { EXPECT_TRUE(m.run_now("api-health").ok()); });
  for (int i = 0; i < 500 && !a_submitted; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(a_submitted);

  auto refused = m.run_now("api-latency");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("another run-now"), std::string::npos);

  ASSERT_TRUE(m.ingest("api-health", round(clock_.now())).ok());  // the first run's answer
  first.join();
}

TEST_F(MonitorControlTest, RunNowOnAPausedMonitorOnlyReturnsTheRound) {
  auto m = make({three_nodes()});
  ASSERT_TRUE(m->pause("api-health", "user:rob").ok());
  Monitoring* self = m.get();
  answer_ = [&](const MonitorSpec& spec) { (void)self->ingest(spec.name, round(clock_.now())); };
  for (int i = 0; i < 3; ++i) {
    auto ran = m->run_now("api-health");
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(ran->size(), 3u);
  }
  EXPECT_TRUE(m->monitor("api-health")->nodes.empty());
  EXPECT_EQ(api_status(*m), ComponentStatus::kOperational);
}

TEST_F(MonitorControlTest, UnknownNamesAreNotFound) {
  auto m = make({three_nodes()});
  for (auto code : {m->pause("nope", "user:rob").error().code, m->resume("nope").error().code,
                    m->run_now("nope").error().code, m->uptime("nope").error().code}) {
    EXPECT_EQ(code, ErrorCode::kNotFound);
  }
}

TEST_F(MonitorControlTest, ListingShowsEveryMonitorWithUptimeFromTheRollups) {
  MonitorSpec beat = testing::heartbeat("nightly-backup", "jobs");
  beat.every = 24h;
  auto m = make({three_nodes(), beat});
  // One sick node of three for 20 rounds: 20 of 60 node checks down.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(m->ingest("api-health", round(clock_.now())).ok());
    clock_.advance(30s);
  }
  ASSERT_TRUE(m->flush().ok());
  auto list = m->monitors();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "api-health");
  EXPECT_EQ(list[0].kind, MonitorKind::kHttp);
  EXPECT_EQ(list[0].interval, 30s);
  EXPECT_EQ(list[0].status, ComponentStatus::kPartialOutage);
  EXPECT_FALSE(list[0].flapping());
  EXPECT_EQ(list[1].name, "nightly-backup");
  EXPECT_EQ(list[1].interval, 24h);
  auto up = m->uptime("api-health");
  ASSERT_TRUE(up.ok()) << up.error().message;
  ASSERT_TRUE(up->day && up->week);
  EXPECT_NEAR(*up->day, 40.0 / 60.0, 1e-9);
  EXPECT_NEAR(*up->week, 40.0 / 60.0, 1e-9);
  EXPECT_FALSE(m->uptime("nightly-backup")->day);  // no data is not "up"
  auto all = m->uptimes();                         // the same figures for every monitor at once
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 1u);
  EXPECT_NEAR(*all->at("api-health").day, 40.0 / 60.0, 1e-9);
  EXPECT_NEAR(*all->at("api-health").week, 40.0 / 60.0, 1e-9);

  // Two days later the checks are only in the week; eight days later in neither.
  clock_.advance(24h * 2);
  EXPECT_FALSE(m->uptime("api-health")->day);
  EXPECT_NEAR(*m->uptimes()->at("api-health").week, 40.0 / 60.0, 1e-9);
  EXPECT_FALSE(m->uptimes()->at("api-health").day);
  clock_.advance(24h * 6);
  EXPECT_FALSE(m->uptime("api-health")->week);
  EXPECT_TRUE(m->uptimes()->empty());
}

TEST_F(MonitorControlTest, APausedHeartbeatIsNotOverdueAndItsGraceRestartsOnResume) {
  MonitorSpec beat = testing::heartbeat("nightly-backup", "jobs", "backup-token");
  beat.every = 1h;
  beat.grace = 10min;
  beat.interval = 1min;
  auto m = make({beat});
  ASSERT_TRUE(m->pause("nightly-backup", "user:rob").ok());
  for (int i = 0; i < 180; ++i) {  // three hours without a push
    clock_.advance(1min);
    m->tick();
  }
  EXPECT_EQ(m->monitor("nightly-backup")->checks, 0);
  ASSERT_TRUE(m->resume("nightly-backup").ok());
  for (int i = 0; i < 60; ++i) {  // within every + grace of the resume
    clock_.advance(1min);
    m->tick();
  }
  EXPECT_EQ(m->monitor("nightly-backup")->status, ComponentStatus::kOperational);
  for (int i = 0; i < 20; ++i) {
    clock_.advance(1min);
    m->tick();
  }
  auto view = m->monitor("nightly-backup");
  EXPECT_EQ(view->status, ComponentStatus::kMajorOutage);
  ASSERT_FALSE(view->nodes.empty());
  EXPECT_NE(view->nodes[0].last->reason.find("since the monitor was resumed"), std::string::npos);
}

TEST_F(MonitorControlTest, AHeartbeatWithoutASecretTokenGetsAGeneratedOneThatSurvivesARestart) {
  MonitorSpec unnamed = testing::heartbeat("nightly-backup", "jobs");
  MonitorSpec old_default = unnamed;  // what config used to fill in: the guessable name
  old_default.name = "hourly-sync";
  old_default.token = "hourly-sync";
  MonitorSpec secret = unnamed;
  secret.name = "weekly-report";
  secret.token = "s3cret-from-env";
  std::string backup_token, sync_token;
  {
    auto m = make({unnamed, old_default, secret});
    backup_token = m->monitor("nightly-backup")->push_token;
    sync_token = m->monitor("hourly-sync")->push_token;
    EXPECT_EQ(backup_token.size(), 51u);
    EXPECT_EQ(backup_token.rfind("hb_", 0), 0u);
    EXPECT_NE(backup_token, sync_token);
    EXPECT_EQ(m->monitor("weekly-report")->push_token, "s3cret-from-env");
    EXPECT_EQ(m->push("nightly-backup").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(m->push("hourly-sync").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(m->push(backup_token.substr(0, 50) + "x").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(m->push(backup_token).ok());
    EXPECT_TRUE(m->push("s3cret-from-env").ok());
  }
  auto restarted = make({unnamed, old_default, secret});
  EXPECT_EQ(restarted->monitor("nightly-backup")->push_token, backup_token);
  EXPECT_EQ(restarted->monitor("hourly-sync")->push_token, sync_token);
  EXPECT_TRUE(restarted->push(backup_token).ok());
}

}  // namespace
}  // namespace pharos::monitor
