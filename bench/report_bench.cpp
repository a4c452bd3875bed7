// The reports half of bench/report_bench.sh (issue 19: a report over 365 days for 1,000
// components in at most 1 s).
//
//   report_bench generate DB COMPONENTS DAYS   writes a generated history into sqlite:DB
//   report_bench run DB COMPONENTS DAYS RUNS   times ReportService::report over the last DAYS
//
// The history, per component (one monitor each, ten components per group), through the stores'
// own write paths with the clock set to each moment: check results as checks() below says
// (coverage and hour/day rollups as monitoring writes them: a day rollup per monitor per day,
// hour rollups where the report reads hours), and every 30 days an incident of 20 to 140
// minutes (major or partial outage, opened two minutes after it began, a person's update after
// ten, then resolved).
// No maintenance windows. `run` prints one JSON line per run (wall and CPU seconds) and the
// medians.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_catalog.h"
#include "cpu_time.h"
#include "domain/lifecycle.h"
#include "reports/report_format.h"
#include "reports/report_service.h"
#include "storage/db/open.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

const Instant kEnd = Instant(Millis(1'800'057'600'000));  // the generated "now", a UTC midnight

using bench::cid;
using bench::gid;

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (char ch : text) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  return h;
}

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "report_bench: %s: %s\n", what.c_str(), e.describe().c_str());
  return 1;
}

Result<void> catalog(Store& store, int components) {
  auto page = store.load_page({"", "Bench", "", "Etc/UTC"});
  if (!page) return page.error();
  return bench::sync_bench_catalog(store, *page, components);
}

// The checks over [from, to), day by day. The report reads day rollups for every whole day a
// monitor was checked throughout and hour rollups for the others, never raw results; so a plain
// day is one check covering the whole day (a day rollup and coverage, as 24 hourly checks would
// leave them, from a 24th of the writes), and only the days that differ are checked hourly:
// a restart gap of 3 hours every 50 days (hourly from 03:00, so the report reads those days hour
// by hour) and, for one monitor in 97 each day, a failed check at 05:00 among 24.
Result<void> checks(ResultsStore& results, int components, Instant from, Instant to) {
  std::vector<StoredResult> batch;
  auto check = [&](int k, Instant at, bool down, Millis interval) {
    batch.push_back({"m" + std::to_string(k), "", at,
                     down ? CheckOutcome::kDown : CheckOutcome::kUp, 20'000, 200, "", "",
                     interval});
  };
  for (Instant day_start = from; day_start < to; day_start += 24h) {
    auto day = (day_start - from) / std::chrono::hours(24);
    bool restart = day % 50 == 25;
    for (int k = 0; k < components; ++k) {
      bool failing = (k + day) % 97 == 0;
      if (!restart && !failing) {
        check(k, day_start, false, 24h);
        continue;
      }
      for (Instant at = day_start + (restart ? 3h : 0h); at < day_start + 24h; at += 1h) {
        check(k, at, failing && at - day_start == 5h, 1h);
      }
    }
    if (batch.size() >= 20'000) {
      PHAROS_TRY(results.write_batch(batch));
      batch.clear();
    }
  }
  return results.write_batch(batch);
}

// Monitoring leaves an hour rollup per monitor per hour, kept for 400 days: the table the
// report's queries search holds about 9 million rows at this size. Writing them as 24 checks a
// day through write_batch took half an hour, so the plain days' other 23 hours are written here
// in one statement (a check each, up, as an hourly check would leave them), and their day
// rollups count the 24 checks.
Result<void> fill_plain_days(const std::string& path) {
  auto db =
      db::open_database("sqlite:" + path, db::Durability::kMeasurements, db::SerialLock::kResults);
  if (!db) return db.error();
  return (*db)->write([](db::Connection& c) -> Result<void> {
    return c.exec(
        "WITH RECURSIVE h (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM h WHERE k < 23) "
        "INSERT INTO check_rollups (monitor, period, start, location, checks, failures, "
        "degraded, latency) SELECT d.monitor, 'hour', d.start + h.k * 3600000, '', 1, 0, 0, "
        "d.latency FROM check_rollups d CROSS JOIN h WHERE d.period = 'day' AND d.checks = 1; "
        "UPDATE check_rollups SET checks = 24, latency = (SELECT group_concat(CASE WHEN "
        "value = 1 THEN 24 ELSE value END, ',') FROM json_each('[' || latency || ']')) "
        "WHERE period = 'day' AND checks = 1");
  });
}

Result<void> incident(Store& store, FakeClock& clock, int k, Instant start, Millis length) {
  auto lookup = [](const std::string&) { return std::optional(ComponentStatus::kOperational); };
  ComponentStatus status = k % 3 ? ComponentStatus::kPartialOutage : ComponentStatus::kMajorOutage;
  clock.set(start + 2min);
  NewIncident request;
  request.name = "Errors on " + cid(k);
  request.source = IncidentSource::kAutomatic;
  request.author = "automation";
  request.component_statuses = {{cid(k), status}};
  // Update ids are keys of their own table: each incident's are prefixed with its id.
  std::string id = "i" + std::to_string(k) + "-" + std::to_string(start.time_since_epoch().count());
  auto i = open_incident(request, lookup, clock.now(), id, id + "-u0");
  if (!i) return i.error();
  i->started_at = start;
  i->detected_at = start;
  UpdateRequest person{IncidentStatus::kIdentified, "Found it.", {}, {}, {}, "ann", true};
  PHAROS_TRY(apply_update(*i, person, lookup, start + 10min, id + "-u1"));
  UpdateRequest resolved{IncidentStatus::kResolved,
                         "Fixed.",
                         {},
                         {{cid(k), ComponentStatus::kOperational}},
                         {},
                         "ann",
                         true};
  PHAROS_TRY(apply_update(*i, resolved, lookup, start + length, id + "-u2"));
  auto v = store.save_incident({*i, 0, {{cid(k), status, StatusSource::kAutomatic}}});
  if (!v) return v.error();
  clock.set(start + length);
  return store.set_component_status(
      {cid(k), ComponentStatus::kOperational, StatusSource::kAutomatic});
}

int generate(const std::string& db, int components, int days) {
  FakeClock clock(kEnd - std::chrono::hours(24 * (days + 1)));
  auto store = open_store("sqlite:" + db, clock);
  if (!store) return fail("open", store.error());
  auto results = open_results_store("sqlite:" + db);
  if (!results) return fail("open results", results.error());
  if (auto r = catalog(**store, components); !r) return fail("catalog", r.error());
  Instant from = clock.now();
  if (auto r = checks(**results, components, from, kEnd); !r) return fail("checks", r.error());
  if (auto r = fill_plain_days(db); !r) return fail("hour rollups", r.error());
  int incidents = 0;
  for (int k = 0; k < components; ++k) {
    for (Instant day = from + std::chrono::hours(24 * (k % 30)); day + 24h < kEnd;
         day += std::chrono::hours(24 * 30)) {
      Millis length = std::chrono::minutes(20 + (k * 7 + incidents) % 120);
      if (auto r = incident(**store, clock, k, day + std::chrono::hours(k % 24), length); !r) {
        return fail("incident", r.error());
      }
      ++incidents;
    }
  }
  std::printf("{\"generated\":{\"components\":%d,\"days\":%d,\"incidents\":%d}}\n", components,
              days, incidents);
  return 0;
}

int run(const std::string& db, int components, int days, int runs) {
  FakeClock clock(kEnd);
  auto store = open_store("sqlite:" + db, clock);
  if (!store) return fail("open", store.error());
  auto results = open_results_store("sqlite:" + db);
  if (!results) return fail("open results", results.error());
  reports::ReportCatalog catalog;
  for (int k = 0; k < components; ++k)
    catalog.monitors.push_back({"m" + std::to_string(k), cid(k)});
  catalog.slos = {{cid(0), false, 0.999, std::chrono::hours(24 * 30)},
                  {gid(0), true, 0.995, std::chrono::hours(24 * 30)}};
  reports::ReportService service(**store, **results, catalog, TimeZone::utc(), clock);
  // Wall time is the bar; CPU time says how much of it was this process's on a shared machine.
  // `daily` is what the public /uptime page and the 90-day bars ask for (every component, each
  // page-zone day of the year), timed beside the report. The digests (FNV-1a of the report's
  // JSON and of the daily figures) tell that a change kept every figure.
  std::vector<double> seconds, cpu, daily_seconds;
  std::vector<std::string> ids;
  for (int k = 0; k < components; ++k) ids.push_back(cid(k));
  for (int n = 0; n < runs; ++n) {
    auto start = Steady::now();
    double cpu_start = process_cpu_seconds();
    auto report =
        service.report({{"bench", kEnd - std::chrono::hours(24 * days), kEnd}, {}, false});
    double took = std::chrono::duration<double>(Steady::now() - start).count();
    double cpu_took = process_cpu_seconds() - cpu_start;
    if (!report) return fail("report", report.error());
    seconds.push_back(took);
    cpu.push_back(cpu_took);
    auto daily_start = Steady::now();
    auto daily = service.daily(kEnd - std::chrono::hours(24 * days), kEnd, ids);
    double daily_took = std::chrono::duration<double>(Steady::now() - daily_start).count();
    if (!daily) return fail("daily", daily.error());
    daily_seconds.push_back(daily_took);
    int incidents = 0;
    for (const auto& c : report->components) incidents += c.incidents.count;
    std::string daily_text;
    for (const auto& c : *daily) {
      for (const auto& d : c.days) {
        daily_text += c.id + ' ' + std::to_string(d.time.major.count()) + ' ' +
                      std::to_string(d.time.partial.count()) + ' ' +
                      std::to_string(d.time.no_data.count()) + ' ' +
                      std::to_string(d.incident_names.size()) + '\n';
      }
    }
    std::printf(
        "{\"run\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"daily_seconds\":%.3f,"
        "\"components\":%zu,\"monitors\":%zu,\"incidents\":%d,\"report_digest\":\"%016llx\","
        "\"daily_digest\":\"%016llx\"}\n",
        n + 1, took, cpu_took, daily_took, report->components.size(), report->monitors.size(),
        incidents,
        static_cast<unsigned long long>(fnv1a(reports::json_text(reports::report_json(*report)))),
        static_cast<unsigned long long>(fnv1a(daily_text)));
  }
  std::sort(daily_seconds.begin(), daily_seconds.end());
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf(
      "{\"median_seconds\":%.3f,\"median_cpu_seconds\":%.3f,\"median_daily_seconds\":%.3f}\n",
      seconds[seconds.size() / 2], cpu[cpu.size() / 2], daily_seconds[daily_seconds.size() / 2]);
  return 0;
}

}  // namespace
}  // namespace pharos

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "generate") {
    return pharos::generate(args[1], std::stoi(args[2]), std::stoi(args[3]));
  }
  if (args.size() == 5 && args[0] == "run") {
    return pharos::run(args[1], std::stoi(args[2]), std::stoi(args[3]), std::stoi(args[4]));
  }
  std::fprintf(stderr,
               "usage: report_bench generate DB COMPONENTS DAYS | run DB COMPONENTS DAYS RUNS\n");
  return 2;
}
