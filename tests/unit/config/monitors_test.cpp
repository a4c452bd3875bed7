// The monitors: section of pharos.yaml (config/monitors.cpp).
#include "config/config.h"

#include <gtest/gtest.h>

#include "support/config_assertions.h"

namespace pharos {
namespace {

const char* kHead = R"(page: { name: Acme }
components:
  - { id: api, name: API }
monitors:
)";

using testing::HasMarkedErrors;

// kHead's four lines come first: the monitors start on line 5.
constexpr int kFirstMonitorLine = 5;

LoadedConfig parse(const std::string& monitors) {
  return parse_config(std::string(kHead) + monitors, "pharos.yaml");
}

TEST(MonitorConfigTest, ReadsTheBriefsExample) {
  auto loaded = parse(R"(  - name: api-health
    component: api
    kind: http
    url: https://api.acme.example/healthz
    nodes: dns
    interval: 30s
    timeout: 5s
    degraded_after: 800ms
    expect: { status: [200], body_contains: '"db":"ok"', json: { "$.status": "ok" } }
    fall: 3
    rise: 2
  - { name: cert, component: api, kind: tls, target: "api.acme.example:443", warn_before: 21d }
  - { name: nightly-backup, component: api, kind: heartbeat, every: 24h, grace: 1h }
  - { name: lb-nodes, component: api, kind: http, url: "http://api.acme.example/", nodes: ["10.0.0.11", "10.0.0.12:8443"] }
  - name: conns
    component: api
    kind: metric
    url: http://db.acme.example:9100/metrics
    series: 'pg_connections{db="main"}'
    warn_above: 800
    fail_above: 1000
    trend: { limit: 1000, horizon: 1h }
  - { name: token, component: api, kind: credential, url: "https://auth.acme.example/token", jwt_path: "$.token", warn_before: 3d }
  - { name: tcp, component: api, kind: tcp, target: "db.acme.example:5432" }
  - { name: dns, component: api, kind: dns, target: api.acme.example, expect: { records: ["10.0.0.11"] } }
)");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const auto& m = loaded.config.monitors;
  ASSERT_EQ(m.size(), 8u);
  EXPECT_EQ(m[0].kind, MonitorKind::kHttp);
  EXPECT_EQ(m[0].node_mode, NodeMode::kDns);
  EXPECT_EQ(m[0].timeout, std::chrono::seconds(5));
  EXPECT_EQ(m[0].degraded_after, std::chrono::milliseconds(800));
  EXPECT_EQ(m[0].expect.status, std::vector<int>{200});
  ASSERT_EQ(m[0].expect.json.size(), 1u);
  EXPECT_EQ(m[0].expect.json[0].first, "$.status");
  EXPECT_EQ(m[0].fall, 3);
  EXPECT_EQ(m[1].warn_before, std::chrono::hours(24 * 21));
  EXPECT_EQ(m[2].kind, MonitorKind::kHeartbeat);
  EXPECT_EQ(m[2].token, "nightly-backup") << "the name unless a token is given";
  EXPECT_EQ(m[2].fall, 1);
  EXPECT_EQ(m[3].node_mode, NodeMode::kList);
  EXPECT_EQ(m[3].nodes, (std::vector<std::string>{"10.0.0.11", "10.0.0.12:8443"}));
  EXPECT_EQ(m[4].metric.series, "pg_connections{db=\"main\"}");
  EXPECT_EQ(m[4].metric.trend_limit, 1000);
  EXPECT_EQ(m[4].metric.trend_horizon, std::chrono::hours(1));
  EXPECT_EQ(m[5].jwt_path, "$.token");
  EXPECT_EQ(m[7].expect.records, std::vector<std::string>{"10.0.0.11"});
  EXPECT_EQ(MonitorSpec{}.fall, 5) << "default chosen so 5 % random failures never go down";
}

TEST(MonitorConfigTest, ReportsEveryErrorWithLineAndField) {
  const std::string monitors = R"(  - { name: a, component: nope, kind: http, url: "ftp://x" }
  # ^ monitors[0].component: unknown component 'nope'
  # ^ monitors[0].url: must start with http
  - { name: a, component: api, kind: ping }
  # ^ monitors[1].name: used twice
  # ^ monitors[1].kind: unknown kind 'ping'
  - { name: t, component: api, kind: tcp, target: "no-port" }
  # ^ monitors[2].target: host:port
  - { name: c, component: api, kind: credential, url: "http://x/" }
  # ^ monitors[3]: expiry_path or jwt_path
  - { name: r, component: api, kind: http, url: "http://x/", expect: { body_regex: "(" } }
  # ^ monitors[4].expect.body_regex: invalid regular expression
  - { name: s, component: api, kind: http, url: "http://x/", expect: { status: [abc] }, timout: 5s }
  # ^ monitors[5].expect.status: HTTP status codes
  # ^ monitors[5].timout: did you mean 'timeout'
  - { name: d, component: api, kind: http, url: "http://x/", timeout: 1s, degraded_after: 2s }
  # ^ monitors[6].degraded_after: shorter than timeout
  - { name: m, component: api, kind: metric, url: "http://x/" }
  # ^ monitors[7].series: missing required key
  - { name: n, component: api, kind: http, url: "http://x/", nodes: everything, fall: 0 }
  # ^ monitors[8].nodes: expected dns or a list
  # ^ monitors[8].fall: between 1 and 100
)";
  EXPECT_TRUE(HasMarkedErrors(parse(monitors), monitors, kFirstMonitorLine));
}

}  // namespace
}  // namespace pharos
