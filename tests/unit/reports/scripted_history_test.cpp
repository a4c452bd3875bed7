// Reports over a scripted history: a simulated clock, check results fed through the real
// monitoring pipeline and incident automation into real stores, then the report service. Every
// expected figure below is worked out by hand from the script (docs/reports.md's formulae) and
// must equal the report's to the second.
//
// The script, times after T0 (a UTC midnight), one round of checks a minute on 3 nodes of api
// (fall 3, rise 2):
//   00:00        monitoring starts; api, web (no monitors) and the group platform exist
//   01:00–01:29  every node down → major outage 01:02–01:31; incident 1 opened 01:02 (started
//                01:00); ann posts at 01:10 (she takes over) and resolves it at 01:40
//   03:00–03:19  node 3 down → partial outage 03:02–03:21; incident 2 opened 03:02, monitoring
//                03:23, resolved by automation 03:28
//   05:00–07:00  Pharos stopped: no data
//   08:00–09:00  scheduled maintenance of api (automatic transitions); every node down
//                08:10–08:39 inside it (no incident: maintenance silences automation)
//   12:00        docs (no monitors) joins the page; web set to partial_outage by hand
//   13:00        web set back to operational
//   23:30–24:29  every node down → major outage 23:32–24:31; incident 3 opened 23:32 (started
//                23:30), monitoring 24:33, resolved 24:38: it spans the edge of the first day
//   48:00        the report is made
#include <gtest/gtest.h>

#include "app/runtime.h"
#include "incident/automation.h"
#include "incident/incident_service.h"
#include "monitor/monitoring.h"
#include "reports/burn_alerts.h"
#include "reports/report_service.h"
#include "support/monitor_specs.h"
#include "support/temp_dir.h"

namespace pharos::reports {
namespace {

using namespace std::chrono_literals;

const Instant kT0 = Instant(Millis(1'800'057'600'000));  // 2027-01-16T00:00:00Z

Instant t(Millis offset) { return kT0 + offset; }

class ScriptedHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_store("sqlite:" + dir_.file("pharos.db"), clock_);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    auto results = open_results_store("sqlite:" + dir_.file("pharos.db"));
    ASSERT_TRUE(results.ok());
    results_ = std::move(*results);
    incidents_service_ = std::make_unique<IncidentService>(*store_, clock_);
    page_ = *store_->load_page({"", "Acme", "", "Etc/UTC"});
    sync({"api", "web"});
    spec_ = testing::three_node_http("api-health", "api", 60s);
    spec_.flap_detection = false;
    monitoring_ = std::make_unique<monitor::Monitoring>(std::vector<MonitorSpec>{spec_},
                                                        results_.get(), clock_);
    automation_ = std::make_unique<Automation>(*store_, clock_, AutomationSettings{});
    ReportCatalog catalog;
    catalog.monitors = {{"api-health", "api"}};
    catalog.slos = {{"api", false, 0.999, std::chrono::hours(24 * 30)},
                    {"platform", true, 0.99, std::chrono::hours(24 * 7)}};
    service_ =
        std::make_unique<ReportService>(*store_, *results_, catalog, TimeZone::utc(), clock_);
  }

  void sync(const std::vector<std::string>& ids) {
    std::vector<Component> components;
    for (const auto& id : ids) {
      Component c;
      c.id = id;
      c.name = id == "api" ? "API" : id == "web" ? "Website" : "Docs";
      c.group_id = id == "docs" ? "" : "platform";
      c.position = static_cast<int>(components.size()) + 1;
      components.push_back(c);
    }
    ASSERT_TRUE(store_->sync_catalog(page_, {{"platform", "Platform", "", 1}}, components).ok());
  }

  // One round at the current minute: every node checked, `down` says which fail; then
  // maintenance and automation run, and the clock moves one minute on.
  template <typename Down>
  void round(Down down) {
    std::vector<CheckResult> results;
    for (const auto& node : spec_.nodes) {
      CheckResult r;
      r.node = node;
      r.at = clock_.now();
      r.outcome = down(node, clock_.now() - kT0) ? CheckOutcome::kDown : CheckOutcome::kUp;
      results.push_back(r);
    }
    ASSERT_TRUE(monitoring_->ingest(spec_.name, std::move(results)).ok());
    ASSERT_TRUE(automation_->run_maintenance().ok());
    ASSERT_TRUE(automation_->evaluate(to_component_health(monitoring_->component_health())).ok());
    clock_.advance(1min);
    if (++rounds_ % 30 == 0 || after_round_) {
      ASSERT_TRUE(monitoring_->flush().ok());
    }
    if (after_round_) after_round_();
  }

  template <typename Down>
  void run_until(Millis end, Down down) {
    while (clock_.now() < t(end)) round(down);
    ASSERT_TRUE(monitoring_->flush().ok());
  }

  // The script above, up to `end`.
  void play(Millis end) {
    auto script = [](const std::string& node, Millis at) {
      if (at >= 1h && at < 1h + 30min) return true;
      if (at >= 3h && at < 3h + 20min) return node == "10.0.0.13";
      if (at >= 8h + 10min && at < 8h + 40min) return true;
      return at >= 23h + 30min && at < 24h + 30min;
    };
    auto step = [&](Millis until) { run_until(std::min(until, end), script); };
    NewIncident m;
    m.kind = IncidentKind::kMaintenance;
    m.name = "Database upgrade";
    m.component_ids = {"api"};
    m.scheduled_for = t(8h);
    m.scheduled_until = t(9h);
    ASSERT_TRUE(incidents().open(m, "test").ok());
    step(1h + 10min);
    if (end <= 1h + 10min) return;
    UpdateRequest identified{
        IncidentStatus::kIdentified, "A bad deploy; rolling back.", {}, {}, {}, "ann", true};
    ASSERT_TRUE(incidents().post_update(first_incident(), identified, "test").ok());
    step(1h + 40min);
    ASSERT_TRUE(incidents().resolve(first_incident(), "Rolled back.", "ann", "test").ok());
    step(5h);
    clock_.set(t(7h));  // Pharos was stopped for two hours: no checks, no automation
    step(12h);
    sync({"api", "web", "docs"});
    ASSERT_TRUE(
        incidents().set_component_status("web", ComponentStatus::kPartialOutage, "test").ok());
    step(13h);
    ASSERT_TRUE(
        incidents().set_component_status("web", ComponentStatus::kOperational, "test").ok());
    step(end);
  }

  IncidentService& incidents() { return *incidents_service_; }

  std::string first_incident() {
    IncidentQuery q;
    q.kind = IncidentKind::kIncident;
    auto list = store_->list_incidents(q);
    return list->back().id;
  }

  Report report(Millis from, Millis to, bool include_maintenance = false) {
    ReportRequest request;
    request.window = {"test", t(from), t(to)};
    request.include_maintenance = include_maintenance;
    auto r = service_->report(request);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? *r : Report{};
  }

  testing::TempDir dir_;
  FakeClock clock_{kT0};
  std::unique_ptr<Store> store_;
  std::unique_ptr<ResultsStore> results_;
  Page page_;
  MonitorSpec spec_;
  std::unique_ptr<monitor::Monitoring> monitoring_;
  std::unique_ptr<Automation> automation_;
  std::unique_ptr<IncidentService> incidents_service_;
  std::unique_ptr<ReportService> service_;
  int rounds_ = 0;
  std::function<void()> after_round_;  // called after every round (results flushed first)
};

const ComponentReport& component(const Report& r, const std::string& id) {
  for (const auto& c : r.components) {
    if (c.id == id) return c;
  }
  static ComponentReport none;
  ADD_FAILURE() << "no component " << id;
  return none;
}

std::int64_t secs(double ms) { return std::llround(ms / 1000.0); }
std::int64_t secs(Millis ms) { return secs(static_cast<double>(ms.count())); }

TEST_F(ScriptedHistoryTest, FiguresEqualTheHandComputedOnes) {
  play(48h);
  struct Case {
    const char* what;
    Millis from, to;
    bool include_maintenance;
    // api
    std::int64_t major, partial, maintenance, no_data, downtime;
    std::optional<double> uptime_percent;
    int incidents, critical, major_impact;
    std::optional<std::int64_t> mttd, mtta, mttr, longest;
  };
  std::vector<Case> cases = {
      // Day 1: major 01:02–01:31 (1,740 s) and 23:32–24:00 (1,680 s); partial 03:02–03:21
      // (1,140 s × 0.3 = 342 s); maintenance 1 h and no data 2 h left out:
      // uptime = 1 − 3,762 / (86,400 − 7,200 − 3,600) = 95.0238 %.
      // MTTD (120 + 120 + 120) / 3; MTTA 01:02 → 01:10 (only incident 1 had a person);
      // MTTR (40 min + 28 min + 68 min) / 3 = 2,720 s; longest incident 3 (68 min). Impacts by
      // automation's table (domain/rollup.h): a major outage of a component that is not
      // `critical` is a major incident, a partial outage a minor one.
      {"day 1", 0h, 24h, false, 3420, 1140, 3600, 7200, 3762, 95.0238, 3, 0, 2, 120, 480, 2720,
       4080},
      // Maintenance counted: downtime 3,762 + 3,600 over 79,200 s.
      {"day 1 with maintenance", 0h, 24h, true, 3420, 1140, 3600, 7200, 7362, 90.7045, 3, 0, 2, 120,
       480, 2720, 4080},
      // Day 2: major 24:00–24:31; incident 3 counts here too, with its whole durations.
      {"day 2", 24h, 48h, false, 1860, 0, 0, 0, 1860, 97.8472, 1, 0, 1, 120, std::nullopt, 4080,
       4080},
      // Across the edge: 23:32–24:31 of 2 hours.
      {"edge", 23h, 25h, false, 3540, 0, 0, 0, 3540, 50.8333, 1, 0, 1, 120, std::nullopt, 4080,
       4080},
      // Only the outage-free gap and maintenance: no data, then maintenance.
      {"gap", 5h, 7h, false, 0, 0, 0, 7200, 0, std::nullopt, 0, 0, 0, std::nullopt, std::nullopt,
       std::nullopt, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Report r = report(c.from, c.to, c.include_maintenance);
    const ComponentReport& api = component(r, "api");
    const StatusTime& time = api.availability.time;
    EXPECT_EQ(secs(time.major), c.major);
    EXPECT_EQ(secs(time.partial), c.partial);
    EXPECT_EQ(secs(time.maintenance), c.maintenance);
    EXPECT_EQ(secs(time.no_data), c.no_data);
    EXPECT_EQ(secs(api.availability.downtime_ms), c.downtime);
    ASSERT_EQ(api.availability.uptime.has_value(), c.uptime_percent.has_value());
    if (c.uptime_percent) {
      EXPECT_DOUBLE_EQ(uptime_percent(*api.availability.uptime, 4), *c.uptime_percent);
    }
    EXPECT_EQ(api.incidents.count, c.incidents);
    EXPECT_EQ(api.incidents.by_impact[3], c.critical);
    EXPECT_EQ(api.incidents.by_impact[2], c.major_impact);
    auto seconds = [](const std::optional<Seconds>& s) -> std::optional<std::int64_t> {
      if (!s) return std::nullopt;
      return s->count();
    };
    EXPECT_EQ(seconds(api.incidents.mttd), c.mttd);
    EXPECT_EQ(seconds(api.incidents.mtta), c.mtta);
    EXPECT_EQ(seconds(api.incidents.mttr), c.mttr);
    EXPECT_EQ(seconds(api.incidents.longest), c.longest);
  }
}

TEST_F(ScriptedHistoryTest, ComponentsWithoutMonitorsGroupsAndMonitors) {
  play(48h);
  Report day1 = report(0h, 24h);
  // web has no monitors: observed since it was created; 1 h partial by hand = 1,080 s.
  const ComponentReport& web = component(day1, "web");
  EXPECT_EQ(secs(web.availability.time.no_data), 0);
  EXPECT_EQ(secs(web.availability.downtime_ms), 1080);
  EXPECT_DOUBLE_EQ(uptime_percent(*web.availability.uptime, 4), 98.75);
  // docs joined at 12:00: the 12 hours before are no data, not up.
  const ComponentReport& docs = component(day1, "docs");
  EXPECT_EQ(secs(docs.availability.time.no_data), 43200);
  EXPECT_EQ(secs(docs.availability.measured), 43200);
  EXPECT_DOUBLE_EQ(*docs.availability.uptime, 1.0);
  EXPECT_FALSE(component(report(0h, 6h), "docs").availability.uptime.has_value());
  // The group is its average component: measured (75,600 + 86,400) / 2, downtime
  // (3,762 + 1,080) / 2 → 1 − 4,842 / 162,000 = 97.0111 %; api's three incidents.
  ASSERT_EQ(day1.groups.size(), 1u);
  const GroupReport& platform = day1.groups[0];
  EXPECT_EQ(platform.components, (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(secs(platform.availability.measured), 81000);
  EXPECT_EQ(secs(platform.availability.downtime_ms), 2421);
  EXPECT_DOUBLE_EQ(uptime_percent(*platform.availability.uptime, 4), 97.0111);
  EXPECT_EQ(platform.incidents.count, 3);
  // api-health from the hour rollups (day 1 had a gap and maintenance): hours 01 (90 of 180
  // checks failed → 1,800 s), 03 (20 of 180 → 400 s) and 23 (90 of 180 → 1,800 s); hour 08 is
  // maintenance. 4,000 s over 75,600 s measured.
  ASSERT_EQ(day1.monitors.size(), 1u);
  const MonitorFigures& m1 = day1.monitors[0].figures;
  EXPECT_EQ(secs(m1.measured), 75600);
  EXPECT_EQ(secs(m1.no_data), 7200);
  EXPECT_EQ(secs(m1.downtime_ms), 4000);
  EXPECT_DOUBLE_EQ(uptime_percent(*m1.uptime, 4), 94.7089);
  EXPECT_EQ(m1.checks, 3960);
  EXPECT_EQ(m1.failures, 290);
  // Day 2 from its day rollup: 90 of 4,320 checks failed over a whole day → 1,800 s.
  Report day2 = report(24h, 48h);  // kept: m2 refers into it
  const MonitorFigures& m2 = day2.monitors[0].figures;
  EXPECT_EQ(secs(m2.downtime_ms), 1800);
  EXPECT_EQ(m2.checks, 4320);
  EXPECT_DOUBLE_EQ(uptime_percent(*m2.uptime, 4), 97.9166);
}

TEST_F(ScriptedHistoryTest, BurnRateAlertsWhileTheEdgeIncidentBurns) {
  play(23h + 45min);
  auto slos = service_->slos();
  ASSERT_TRUE(slos.ok()) << slos.error().describe();
  ASSERT_EQ(slos->size(), 2u);
  const SloStatus& api = (*slos)[0];
  // The last hour, 22:45–23:45: 13 min of major outage → burn (780 / 3,600) / 0.001 = 216.7;
  // the last 5 min all down → 1,000. Both over 14.4: a fast burn.
  EXPECT_EQ(api.alert, BurnAlert::kFast);
  ASSERT_TRUE(api.burn[2].rate.has_value());
  EXPECT_NEAR(*api.burn[2].rate, 780.0 / 3600.0 / 0.001, 1e-9);
  EXPECT_NEAR(*api.burn[0].rate, 1000.0, 1e-9);
  EXPECT_NE(api.reason.find("over 1h"), std::string::npos) << api.reason;
  // Budget over 30 days: 2,592 s; spent so far: 1,740 + 342 + 780 s.
  EXPECT_EQ(secs(api.budget_ms), 2592);
  EXPECT_EQ(secs(api.spent_ms), 2862);
  EXPECT_NEAR(api.remaining, 1.0 - 2862.0 / 2592.0, 1e-9);
}

TEST_F(ScriptedHistoryTest, BurnRateAlertsRiseAndEndOnceEach) {
  std::vector<std::pair<Millis, std::string>> sent;
  BurnRateWatcher watcher(*service_, [&](const std::string& text) {
    if (text.rfind("SLO of API", 0) == 0) sent.emplace_back(clock_.now() - kT0, text);
  });
  after_round_ = [&] { watcher.check(clock_.monotonic()); };
  play(48h);
  ASSERT_GE(sent.size(), 2u);
  // The edge incident: major outage from 23:32; one minute of it is a burn rate of 16.7 over 1 h
  // (threshold 14.4) and 200 over 5 min, seen at the check after the 23:32 round.
  auto fast = std::find_if(sent.begin(), sent.end(), [](const auto& m) {
    return m.first >= 23h && m.second.find("burning fast") != std::string::npos;
  });
  ASSERT_NE(fast, sent.end());
  EXPECT_EQ(fast->first, 23h + 33min) << fast->second;
  EXPECT_NE(fast->second.find("burn rate 16.7 over 1h and 200.0 over 5m (threshold 14.4)"),
            std::string::npos)
      << fast->second;
  // It ends once, after the 6-hour window no longer burns above 1 (slow): 6 h after 24:31.
  auto ended = std::find_if(fast, sent.end(), [](const auto& m) {
    return m.second.find("no longer burning") != std::string::npos;
  });
  ASSERT_NE(ended, sent.end());
  // At 30:31 the 6-hour window [24:31, 30:31) holds no downtime: the short window of the slow
  // level is quiet.
  EXPECT_EQ(ended->first, 30h + 31min) << ended->second;
  EXPECT_EQ(std::next(ended), sent.end()) << "nothing more to say until the next burn";
  for (std::size_t k = 1; k < sent.size(); ++k) EXPECT_NE(sent[k].second, sent[k - 1].second);
}

}  // namespace
}  // namespace pharos::reports
