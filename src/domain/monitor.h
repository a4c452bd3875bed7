#pragma once
// Monitors, kept in three parts (docs/ARCHITECTURE.md, STYLE.md):
//  - MonitorSpec: what to check, from pharos.yaml; immutable once loaded.
//  - MonitorState: runtime thresholds and history; owned by the monitor module (monitor/).
//  - CheckResult: what one check of one node found; a plain value. A failed check is data.
// Header only: plain values and their names, no behaviour.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "core/time.h"

namespace pharos {

// The location of a node none was given (and of the one node on SQLite, unless it is named).
inline constexpr const char* kDefaultLocation = "default";

enum class MonitorKind { kHttp, kTcp, kDns, kTls, kCredential, kHeartbeat, kMetric };

inline constexpr EnumNames<MonitorKind, 7> kMonitorKinds{{
    {MonitorKind::kHttp, "http"},
    {MonitorKind::kTcp, "tcp"},
    {MonitorKind::kDns, "dns"},
    {MonitorKind::kTls, "tls"},
    {MonitorKind::kCredential, "credential"},
    {MonitorKind::kHeartbeat, "heartbeat"},
    {MonitorKind::kMetric, "metric"},
}};
inline std::string_view to_string(MonitorKind kind) { return enum_name(kMonitorKinds, kind); }
inline std::optional<MonitorKind> parse_monitor_kind(std::string_view s) {
  return enum_from_name(kMonitorKinds, s);
}

// Which addresses to check. kSingle: the URL's or target's host as the system resolves it (one
// connection, whichever address libcurl picks). kDns: every address the host resolves to, each
// checked on its own with the original Host and SNI. kList: the given addresses.
enum class NodeMode { kSingle, kDns, kList };

// The expectations of an http (and credential/metric) check.
struct HttpExpect {
  std::vector<int> status = {200, 201, 202, 203, 204, 205, 206, 207, 208, 226};  // any 2xx
  std::string body_contains;
  std::string body_regex;                                 // ECMAScript syntax; validated at load
  std::vector<std::pair<std::string, std::string>> json;  // "$.a.b[0]" → expected scalar text
  std::vector<std::string> records;  // dns: addresses that must be among the answers

  bool operator==(const HttpExpect&) const = default;
};

// A Prometheus series threshold and trend (metric kind). Thresholds are inclusive.
struct MetricRule {
  std::string series;  // name, optionally with labels: 'open_connections{pool="main"}'
  std::optional<double> warn_above, fail_above, warn_below, fail_below;
  std::optional<double> trend_limit;           // value the trend must not reach…
  std::chrono::milliseconds trend_horizon{0};  // …within this long from now
  int trend_samples = 10;                      // samples the slope is fitted over

  bool operator==(const MetricRule&) const = default;
};

struct MonitorSpec {
  std::string name;       // unique; [a-z0-9_-]
  std::string component;  // component id
  MonitorKind kind = MonitorKind::kHttp;
  std::string url;     // http, credential, metric
  std::string target;  // tcp/tls "host:port", dns "host"
  NodeMode node_mode = NodeMode::kSingle;
  std::vector<std::string> nodes;  // kList: "10.0.0.11" or "10.0.0.12:8443" or "[::1]:443"
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  std::optional<std::chrono::milliseconds> degraded_after;  // slower → degraded
  // http
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool follow_redirects = false;
  bool verify_tls = true;
  std::string ca_file;  // extra trust anchor (PEM) for private CAs
  std::int64_t max_body_bytes = 1 << 20;
  HttpExpect expect;
  // thresholds: `fall` bad results in a row to go down, `rise` good ones to come back
  int fall = 5;
  int rise = 2;
  bool flap_detection = true;
  // Where it is checked from (node locations; empty: every location that has a live node) and
  // how many of those must find it down (or degraded) for the monitor to be (0: a majority).
  // Each location applies fall/rise to its own results (monitor/confirm.h).
  std::vector<std::string> locations;
  int confirm = 0;
  // tls / credential: warn this long before expiry (degraded); expired → down
  std::chrono::milliseconds warn_before{std::chrono::hours(24 * 14)};
  std::string expiry_path;  // credential: JSON path to an ISO-8601 time or Unix seconds
  std::string jwt_path;     // credential: JSON path to a JWT ("$" = the whole body)
  // heartbeat
  std::string token;  // /api/push/{token}
  std::chrono::milliseconds every{std::chrono::hours(24)};
  std::chrono::milliseconds grace{std::chrono::hours(1)};
  // metric
  MetricRule metric;

  bool operator==(const MonitorSpec&) const = default;
};

// What one check found. kDegraded: it works but slowly or a certificate/credential expires soon.
enum class CheckOutcome { kUp, kDegraded, kDown };

inline constexpr EnumNames<CheckOutcome, 3> kCheckOutcomes{{
    {CheckOutcome::kUp, "up"},
    {CheckOutcome::kDegraded, "degraded"},
    {CheckOutcome::kDown, "down"},
}};
inline std::string_view to_string(CheckOutcome o) { return enum_name(kCheckOutcomes, o); }
inline std::optional<CheckOutcome> parse_check_outcome(std::string_view s) {
  return enum_from_name(kCheckOutcomes, s);
}

// Phase durations of one check in microseconds, each from the start of the check (libcurl's
// convention): dns ≤ connect ≤ tls ≤ first_byte ≤ total. Zero when the phase did not happen.
struct CheckTiming {
  std::int64_t dns_us = 0;
  std::int64_t connect_us = 0;
  std::int64_t tls_us = 0;
  std::int64_t first_byte_us = 0;
  std::int64_t total_us = 0;
};

struct CheckResult {
  std::string node;  // the address checked; empty for a single-node monitor
  Instant at{};      // when the check started
  CheckOutcome outcome = CheckOutcome::kDown;
  std::string reason;  // why it is not up ("HTTP 404, expected 200", "timed out after 5s")
  int http_status = 0;
  CheckTiming timing;
  std::optional<double> metric_value;  // metric kind: the series' value
  std::optional<Instant> expires_at;   // tls/credential: the expiry that was read
};

}  // namespace pharos
