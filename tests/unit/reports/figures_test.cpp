#include "reports/figures.h"

#include <gtest/gtest.h>

namespace pharos::reports {
namespace {

using namespace std::chrono_literals;

const Instant kT0 = Instant(Millis(1'800'057'600'000));  // a UTC midnight
Instant t(Millis offset) { return kT0 + offset; }

Incident incident(std::string id, IncidentSource source, Millis started, Millis created,
                  std::optional<Millis> resolved, Impact impact = Impact::kMajor) {
  Incident i;
  i.id = std::move(id);
  i.source = source;
  i.impact = impact;
  i.started_at = t(started);
  i.created_at = t(created);
  if (resolved) i.resolved_at = t(*resolved);
  IncidentUpdate opening;
  opening.created_at = i.created_at;
  opening.author = source == IncidentSource::kAutomatic ? "automation" : "ann";
  i.updates.push_back(opening);
  return i;
}

void add_update(Incident& i, Millis at, std::string author) {
  IncidentUpdate u;
  u.created_at = t(at);
  u.author = std::move(author);
  i.updates.push_back(u);
}

TEST(FiguresTest, OverlapCountsIncidentsSpanningEitherEdge) {
  TimeRange window{t(10h), t(20h)};
  struct Case {
    Millis started;
    std::optional<Millis> resolved;
    bool counts;
  };
  std::vector<Case> cases = {
      {5h, 9h, false},           // before
      {5h, 10h, false},          // resolved exactly at the start
      {5h, 11h, true},           // spans the start
      {12h, 13h, true},          // inside
      {19h, 22h, true},          // spans the end
      {20h, 21h, false},         // starts at the end
      {5h, std::nullopt, true},  // still open
      {12h, 12h, true},          // zero length inside
      {10h, 10h, true},          // zero length at the start
  };
  for (const auto& c : cases) {
    Incident i = incident("i", IncidentSource::kManual, c.started, c.started, c.resolved);
    EXPECT_EQ(overlaps(i, window), c.counts)
        << c.started.count() << " " << (c.resolved ? c.resolved->count() : -1);
  }
}

TEST(FiguresTest, WhoIsAPerson) {
  EXPECT_TRUE(is_person("ann"));
  EXPECT_TRUE(is_person("cli:root"));
  EXPECT_FALSE(is_person(""));
  EXPECT_FALSE(is_person("automation"));
  EXPECT_FALSE(is_person("import:statuspage"));
  EXPECT_FALSE(is_person("vendor:cloudflare"));
}

TEST(FiguresTest, MeanTimesUseOnlyTheIncidentsThatHaveBothMoments) {
  // a: automatic, first failing check 1:00, opened 1:02, ann writes 1:10, resolved 1:40.
  Incident a =
      incident("a", IncidentSource::kAutomatic, 1h, 1h + 2min, 1h + 40min, Impact::kCritical);
  add_update(a, 1h + 5min, "automation");
  add_update(a, 1h + 10min, "ann");
  // b: automatic, opened after 4 min, nobody wrote, resolved after 30 min.
  Incident b = incident("b", IncidentSource::kAutomatic, 3h, 3h + 4min, 3h + 30min);
  // c: opened by a person (no MTTD, no MTTA), still open at 10:00: the longest.
  Incident c = incident("c", IncidentSource::kManual, 5h, 5h + 20min, std::nullopt, Impact::kMinor);
  // d: a vendor incident Pharos saw 3 min after the vendor's start, resolved after 1 h.
  Incident d = incident("d", IncidentSource::kVendor, 6h, 6h + 10min, 7h);
  d.detected_at = t(6h + 3min);
  IncidentFigures f = incident_figures({&a, &b, &c, &d}, t(10h));
  EXPECT_EQ(f.count, 4);
  EXPECT_EQ(f.by_impact, (std::array<int, 4>{0, 1, 2, 1}));
  EXPECT_EQ(f.mttd, Seconds((120 + 240 + 180) / 3));
  EXPECT_EQ(f.mttd_count, 3);
  EXPECT_EQ(f.mtta, Seconds(480));
  EXPECT_EQ(f.mtta_count, 1);
  EXPECT_EQ(f.mttr, Seconds((2400 + 1800 + 3600) / 3));
  EXPECT_EQ(f.mttr_count, 3);
  EXPECT_EQ(f.longest, Seconds(5 * 3600));
  EXPECT_EQ(f.longest_id, "c");
  IncidentFigures none = incident_figures({}, t(10h));
  EXPECT_EQ(none.count, 0);
  EXPECT_FALSE(none.mttd || none.mtta || none.mttr || none.longest);
}

TEST(FiguresTest, MaintenanceRunsFromInProgressUntilCompleted) {
  Incident m;
  m.kind = IncidentKind::kMaintenance;
  IncidentUpdate scheduled, started;
  scheduled.status = IncidentStatus::kScheduled;
  started.status = IncidentStatus::kInProgress;
  started.display_at = t(8h);
  m.updates = {scheduled};
  EXPECT_TRUE(maintenance_range(m, t(12h)).empty()) << "never started";
  m.updates.push_back(started);
  EXPECT_EQ(maintenance_range(m, t(12h)), (TimeRange{t(8h), t(12h)})) << "still in progress";
  m.resolved_at = t(9h);
  EXPECT_EQ(maintenance_range(m, t(12h)), (TimeRange{t(8h), t(9h)}));
}

RollupCount row(RollupPeriod period, Millis start, std::int64_t checks, std::int64_t failures) {
  RollupCount r;
  r.monitor = "api";
  r.period = period;
  r.start = t(start);
  r.checks = checks;
  r.failures = failures;
  return r;
}

TEST(FiguresTest, MonitorDowntimeIsEachBucketsFailedShareOfItsMeasuredTime) {
  // Hours 0–3 covered except 1:30–2:00; maintenance 2:00–2:30. Hour 0: 6 of 60 failed,
  // hour 1: 30 of 30 (all in its first half), hour 2: 60 of 60 failed, hour 3 no row.
  std::vector<RollupCount> rows = {row(RollupPeriod::kHour, 0h, 60, 6),
                                   row(RollupPeriod::kHour, 1h, 30, 30),
                                   row(RollupPeriod::kHour, 2h, 60, 60)};
  TimeRanges covered({{t(0h), t(1h + 30min)}, {t(2h), t(4h)}});
  TimeRanges maintenance({{t(2h), t(2h + 30min)}});
  MonitorFigures f = monitor_figures(rows, covered, maintenance, {t(0h), t(4h)}, {});
  // measured: 4 h − 30 min gap − 30 min maintenance = 3 h
  EXPECT_EQ(f.measured, 3h);
  EXPECT_EQ(f.no_data, 30min);
  // 3,600 × 0.1 + 1,800 × 1 + 1,800 × 1 + 0 (no row: up) = 3,960 s
  EXPECT_DOUBLE_EQ(f.downtime_ms, 3'960'000.0);
  EXPECT_DOUBLE_EQ(*f.uptime, 1.0 - 3960.0 / 10800.0);
  EXPECT_EQ(f.checks, 150);
  EXPECT_EQ(f.failures, 96);
  // With maintenance counted: its 30 min is down in full, not in proportion.
  MonitorFigures with = monitor_figures(rows, covered, maintenance, {t(0h), t(4h)}, {true});
  EXPECT_EQ(with.measured, 3h + 30min);
  EXPECT_DOUBLE_EQ(with.downtime_ms, 3'960'000.0 + 1'800'000.0);
  // A window cutting hour 0 in half takes half its checks.
  MonitorFigures half = monitor_figures(rows, covered, {}, {t(30min), t(1h)}, {});
  EXPECT_EQ(half.checks, 30);
  EXPECT_EQ(half.failures, 3);
  EXPECT_DOUBLE_EQ(half.downtime_ms, 180'000.0);
  // Nothing covered: no data, no uptime.
  MonitorFigures nothing = monitor_figures(rows, {}, {}, {t(0h), t(4h)}, {});
  EXPECT_FALSE(nothing.uptime.has_value());
  EXPECT_EQ(nothing.no_data, 4h);
}

TEST(FiguresTest, AGroupIsItsAverageComponent) {
  StatusTime a, b;
  a.operational = 9h;
  a.major = 1h;        // 90 %
  b.operational = 5h;  // 100 %, measured half as long
  b.no_data = 5h;
  Availability group = group_availability(
      {availability(a, {}), availability(b, {}), availability(StatusTime{}, {})});
  EXPECT_EQ(group.measured, 7h + 30min);
  EXPECT_DOUBLE_EQ(group.downtime_ms, 1'800'000.0);
  EXPECT_DOUBLE_EQ(*group.uptime, 1.0 - 1.0 / 15.0);
  EXPECT_EQ(group.time.no_data, 5h);
  EXPECT_FALSE(group_availability({availability(StatusTime{}, {})}).uptime.has_value());
}

}  // namespace
}  // namespace pharos::reports
