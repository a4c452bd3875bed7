// /api/manage/v1/monitors: what each monitor and node last saw, uptime and recent rollups; pause,
// resume and run now. The rules (a pause resets node state and survives restarts; run now waits
// at most the monitor's timeout and refuses while a check is in flight) are Monitoring's
// (monitor/monitoring.h); these handlers parse, make one call, audit and serialise.
#include "manage/api_support.h"
#include "manage/incident_request.h"
#include "manage/openapi_parts.h"
#include "monitor/monitoring.h"
#include "statuspage/json.h"

namespace pharos::manage::detail {
namespace {

namespace json = boost::json;
using M = web::Method;
using monitor::Monitoring;
using monitor::MonitorView;

// Rollup points GET /monitors/{name} returns: the last hour by minute, the last day by hour.
constexpr int kRecentMinutes = 60;
constexpr int kRecentHours = 24;

using statuspage::time_or_null;

json::value optional_number(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object check_view(const CheckResult& r) {
  return {{"at", format_iso_utc(r.at)},
          {"status", to_string(r.outcome)},
          {"latency_ms", static_cast<double>(r.timing.total_us) / 1000.0},
          {"http_status", r.http_status == 0 ? json::value(nullptr) : json::value(r.http_status)},
          {"error", r.reason.empty() ? json::value(nullptr) : json::value(r.reason)}};
}

json::object monitor_view(const MonitorView& m) {
  json::array nodes;
  for (const auto& n : m.nodes) {
    nodes.push_back(json::object{
        {"node", n.node},
        {"state", to_string(n.state)},
        {"flapping", n.flapping},
        {"problem_since", time_or_null(n.problem_since)},
        {"last_check", n.last ? json::value(check_view(*n.last)) : json::value(nullptr)}});
  }
  return {{"name", m.name},
          {"component", m.component},
          {"kind", to_string(m.kind)},
          {"interval_ms", m.interval.count()},
          {"timeout_ms", m.timeout.count()},
          {"status", to_string(m.status)},
          {"flapping", m.flapping()},
          {"paused", m.paused.has_value()},
          {"paused_by", m.paused ? json::value(m.paused->paused_by) : json::value(nullptr)},
          {"paused_at",
           m.paused ? json::value(format_iso_utc(m.paused->paused_at)) : json::value(nullptr)},
          {"checks", m.checks},
          {"failures", m.failures},
          {"nodes", std::move(nodes)}};
}

json::value uptime_or_null(const std::optional<double>& u) {
  return u ? json::value(*u) : json::value(nullptr);
}

// The view plus its uptime; uptime is null (no data) when there is none or results are not stored.
json::object listed_view(const MonitorView& m, const monitor::MonitorUptime& up) {
  json::object out = monitor_view(m);
  out["uptime_24h"] = uptime_or_null(up.day);
  out["uptime_7d"] = uptime_or_null(up.week);
  return out;
}

json::array rollup_points(const std::vector<RollupRow>& rows) {
  json::array out;
  for (const auto& row : rows) {
    RollupSummary s = summarize({row});
    out.push_back(json::object{{"start", format_iso_utc(row.start)},
                               {"checks", row.checks},
                               {"failures", row.failures},
                               {"degraded", row.degraded},
                               {"uptime", uptime_or_null(s.uptime)},
                               {"p50_ms", optional_number(s.p50_ms)},
                               {"p95_ms", optional_number(s.p95_ms)}});
  }
  return out;
}

Result<Monitoring*> monitoring_of(Api& api) {
  if (!api.services.monitoring) {
    return Error::unavailable("monitoring is not running in this process (no monitors service)");
  }
  return api.services.monitoring;
}

// The path's {name} monitor and the service running it, or the error to answer with (503 without
// monitoring, 404 naming "name").
struct PathMonitor {
  Monitoring* monitoring;
  MonitorView view;
};
Result<PathMonitor> path_monitor(Api& api, const web::Request& r) {
  auto monitoring = monitoring_of(api);
  if (!monitoring) return monitoring.error();
  std::string name(r.param("name"));
  auto view = (*monitoring)->monitor(name);
  if (!view) return Error::not_found("no monitor named '" + name + "'", "name");
  return PathMonitor{*monitoring, *view};
}

web::Response list_monitors(Api& api, const web::Request& r, const auth::Principal&) {
  auto paging = parse_paging(r.query_param("page"), r.query_param("per_page"));
  if (!paging) return fail(paging.error());
  auto monitoring = monitoring_of(api);
  if (!monitoring) return fail(monitoring.error());
  auto all = (*monitoring)->monitors();
  std::size_t first = std::min(all.size(), (paging->page - 1) * paging->per_page);
  std::size_t last = std::min(all.size(), first + paging->per_page);
  auto uptimes = (*monitoring)->uptimes();  // two queries for the page, not two per monitor
  json::array out;
  for (std::size_t i = first; i < last; ++i) {
    monitor::MonitorUptime up;
    if (uptimes) {
      if (auto it = uptimes->find(all[i].name); it != uptimes->end()) up = it->second;
    }
    out.push_back(listed_view(all[i], up));
  }
  return ok(200, out);
}

web::Response get_monitor(Api& api, const web::Request& r, const auth::Principal& who) {
  auto found = path_monitor(api, r);
  if (!found) return fail(found.error());
  Monitoring& monitoring = *found->monitoring;
  const MonitorView& view = found->view;
  auto up = monitoring.uptime(view.name);
  json::object out = listed_view(view, up ? *up : monitor::MonitorUptime{});
  using std::chrono::hours;
  using std::chrono::minutes;
  Instant now = api.clock.now();
  Instant minute_end = period_start(RollupPeriod::kMinute, now) + minutes(1);
  Instant hour_end = period_start(RollupPeriod::kHour, now) + hours(1);
  auto by_minute = monitoring.rollups(view.name, RollupPeriod::kMinute,
                                      minute_end - minutes(kRecentMinutes), minute_end);
  auto by_hour =
      monitoring.rollups(view.name, RollupPeriod::kHour, hour_end - hours(kRecentHours), hour_end);
  json::object rollups;
  rollups["minute"] = by_minute ? json::value(rollup_points(*by_minute)) : json::value(nullptr);
  rollups["hour"] = by_hour ? json::value(rollup_points(*by_hour)) : json::value(nullptr);
  out["rollups"] = std::move(rollups);
  // The push token is a credential: only for callers who may change monitors anyway.
  if (view.kind == MonitorKind::kHeartbeat && who.scope >= Scope::kWrite) {
    out["push_token"] = view.push_token;
  }
  return ok(200, out);
}

// Pause and resume: one call, audited only when the pause state changed.
web::Response set_paused(Api& api, const web::Request& r, const auth::Principal& who, bool pause) {
  auto found = path_monitor(api, r);
  if (!found) return fail(found.error());
  Monitoring& monitoring = *found->monitoring;
  const MonitorView& before = found->view;
  auto after = pause ? monitoring.pause(before.name, who.actor()) : monitoring.resume(before.name);
  if (!after) return fail(after.error());
  if (before.paused.has_value() != after->paused.has_value()) {
    audit(api, who, pause ? "monitor.pause" : "monitor.resume", after->name,
          dump(monitor_view(before)), dump(monitor_view(*after)));
  }
  return ok(200, monitor_view(*after));
}

web::Response pause_monitor(Api& api, const web::Request& r, const auth::Principal& who) {
  return set_paused(api, r, who, true);
}

web::Response resume_monitor(Api& api, const web::Request& r, const auth::Principal& who) {
  return set_paused(api, r, who, false);
}

web::Response run_monitor(Api& api, const web::Request& r, const auth::Principal& who) {
  auto found = path_monitor(api, r);
  if (!found) return fail(found.error());
  Monitoring& monitoring = *found->monitoring;
  const MonitorView& before = found->view;
  auto results = monitoring.run_now(before.name);
  if (!results) return fail(results.error());
  json::array checks;
  for (const auto& c : *results) {
    json::object check = check_view(c);
    check["node"] = c.node;
    checks.push_back(std::move(check));
  }
  auto after = monitoring.monitor(before.name);
  json::object out{{"results", std::move(checks)},
                   {"monitor", after ? json::value(monitor_view(*after)) : json::value(nullptr)}};
  audit(api, who, "monitor.run", before.name, dump(monitor_view(before)), dump(out));
  return ok(200, out);
}

constexpr Route kRoutes[] = {
    {M::kGet, "/monitors", Scope::kRead, list_monitors},
    {M::kGet, "/monitors/{name}", Scope::kRead, get_monitor},
    {M::kPost, "/monitors/{name}/pause", Scope::kWrite, pause_monitor},
    {M::kPost, "/monitors/{name}/resume", Scope::kWrite, resume_monitor},
    {M::kPost, "/monitors/{name}/run", Scope::kWrite, run_monitor},
};

}  // namespace

Resource monitor_resource() { return {kRoutes, openapi_monitors()}; }

}  // namespace pharos::manage::detail
