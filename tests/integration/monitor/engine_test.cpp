// The real probe engine and monitoring loop against the loopback target (target_server.py).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "monitor/check_once.h"
#include "monitor/monitoring.h"
#include "probe/engine.h"
#include "support/check_target.h"
#include "support/process.h"

namespace pharos {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class MonitorEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { target_ = new testing::Target(); }
  static void TearDownTestSuite() { delete target_; }
  void SetUp() override { ASSERT_TRUE(target_->ok()) << target_->error(); }

  static MonitorSpec http(std::string name, const std::string& path) {
    MonitorSpec s;
    s.name = std::move(name);
    s.component = "api";
    s.url = target_->url(path);
    s.timeout = seconds(2);
    return s;
  }

  static testing::Target* target_;
};

testing::Target* MonitorEngineTest::target_ = nullptr;

const CheckResult& only(const monitor::CheckReport& r) {
  EXPECT_EQ(r.results.size(), 1u) << r.spec->name;
  return r.results.front();
}

// The engine's behaviour, once per transport: its own plain-HTTP one and libcurl
// (EngineOptions::plain_http); TLS and credential checks take libcurl either way.
class ProbeEngineTest : public MonitorEngineTest, public ::testing::WithParamInterface<bool> {
 protected:
  // Checks each spec once on all its nodes through one engine; the reports in spec order.
  std::vector<monitor::CheckReport> check_all(const std::vector<const MonitorSpec*>& specs) {
    probe::EngineOptions options;
    options.plain_http = GetParam();
    std::vector<std::unique_ptr<probe::PreparedCheck>> checks;
    std::vector<monitor::CheckReport> out(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      checks.push_back(std::make_unique<probe::PreparedCheck>(*specs[i]));
      out[i].spec = specs[i];
    }
    std::mutex mu;
    std::condition_variable done;
    std::size_t reported = 0;
    probe::ProbeEngine engine(
        SystemClock::instance(),
        [&](probe::CheckRound&& round) {
          std::lock_guard lock(mu);
          out[round.tag].results = std::move(round.results);
          ++reported;
          done.notify_all();
        },
        options);
    EXPECT_TRUE(engine.start().ok());
    for (std::size_t i = 0; i < checks.size(); ++i) engine.submit(*checks[i], i);
    std::unique_lock lock(mu);
    EXPECT_TRUE(done.wait_for(lock, seconds(15), [&] { return reported == specs.size(); }));
    lock.unlock();
    engine.stop();
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Transports, ProbeEngineTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& transport) {
                           return transport.param ? "Plain" : "Libcurl";
                         });

TEST_P(ProbeEngineTest, EveryFailureModeIsAFailedCheckWithAClearReason) {
  std::vector<MonitorSpec> specs;
  specs.push_back(http("healthy", "/healthy"));
  specs.back().expect.json = {{"$.status", "ok"}};
  specs.push_back(http("not-found", "/404"));
  specs.push_back(http("error", "/500"));
  specs.push_back(http("slow", "/slow?ms=400"));
  specs.back().degraded_after = milliseconds(150);
  specs.push_back(http("reset", "/reset"));
  specs.push_back(http("hang", "/hang"));
  specs.back().timeout = seconds(1);
  specs.push_back(http("huge", "/huge"));
  specs.back().max_body_bytes = 100'000;
  MonitorSpec tls;
  tls.name = "tls";
  tls.kind = MonitorKind::kTls;
  tls.target = "localhost:" + std::to_string(target_->https_port());
  tls.ca_file = target_->cert_file();
  tls.warn_before = std::chrono::hours(24 * 14);
  specs.push_back(tls);
  tls.name = "tls-untrusted";
  tls.ca_file.clear();
  specs.push_back(tls);
  specs.push_back(http("jwt", "/jwt?exp_in=3600"));
  specs.back().kind = MonitorKind::kCredential;
  specs.back().jwt_path = "$.token";
  specs.back().warn_before = std::chrono::hours(24);
  MonitorSpec tcp;
  tcp.name = "tcp";
  tcp.kind = MonitorKind::kTcp;
  tcp.target = "127.0.0.1:" + std::to_string(target_->http_port());
  specs.push_back(tcp);
  tcp.name = "tcp-closed";
  tcp.target = "127.0.0.1:1";
  specs.push_back(tcp);

  std::vector<const MonitorSpec*> pointers;
  for (const auto& s : specs) pointers.push_back(&s);
  auto started = std::chrono::steady_clock::now();
  auto reports = check_all(pointers);
  auto took = std::chrono::steady_clock::now() - started;
  // Generous on purpose (a shared machine): only proves the hang is cut at its 1 s timeout and
  // the checks do not run one after another; speed is measured in bench/, not here.
  EXPECT_LT(took, seconds(8)) << "checks run concurrently, the hang bounded by its timeout";

  struct Want {
    CheckOutcome outcome;
    const char* reason_part;
  } want[] = {
      {CheckOutcome::kUp, ""},
      {CheckOutcome::kDown, "HTTP 404, expected 2xx"},
      {CheckOutcome::kDown, "HTTP 500"},
      {CheckOutcome::kDegraded, "> degraded_after 150ms"},
      {CheckOutcome::kDown, "reset"},
      {CheckOutcome::kDown, "timed out"},
      {CheckOutcome::kDown, "larger than max_body (100000 bytes)"},
      {CheckOutcome::kDegraded, "the certificate expires in 2d 23h"},
      {CheckOutcome::kDown, "certificate"},
      {CheckOutcome::kDegraded, "the token expires in 59m"},
      {CheckOutcome::kUp, ""},
      {CheckOutcome::kDown, "onnect"},
  };
  ASSERT_EQ(reports.size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    const CheckResult& r = only(reports[i]);
    EXPECT_EQ(r.outcome, want[i].outcome) << specs[i].name << ": " << r.reason;
    EXPECT_NE(r.reason.find(want[i].reason_part), std::string::npos)
        << specs[i].name << ": " << r.reason;
  }
  const CheckResult& healthy = only(reports[0]);
  EXPECT_EQ(healthy.http_status, 200);
  EXPECT_GT(healthy.timing.total_us, 0);
  EXPECT_LE(healthy.timing.connect_us, healthy.timing.first_byte_us);
  EXPECT_LE(healthy.timing.first_byte_us, healthy.timing.total_us);
  EXPECT_GT(only(reports[7]).timing.tls_us, 0) << "TLS handshake timed";
}

TEST_P(ProbeEngineTest, PerNodeChecksKeepTheHostHeaderAndFindTheSickNode) {
  MonitorSpec nodes = http("nodes", "/healthy");
  std::string host = "app.test:" + std::to_string(target_->http_port());
  nodes.url = "http://" + host + "/healthy";  // app.test does not resolve: only CONNECT_TO works
  nodes.node_mode = NodeMode::kList;
  nodes.nodes = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
  MonitorSpec echo = nodes;
  echo.name = "host-echo";
  echo.url = "http://" + host + "/host";
  echo.nodes = {"127.0.0.2"};
  echo.expect.body_contains = host;
  MonitorSpec by_dns = http("by-dns", "/healthy");
  by_dns.url = "http://localhost:" + std::to_string(target_->http_port()) + "/healthy";
  by_dns.node_mode = NodeMode::kDns;
  auto reports = check_all({&nodes, &echo, &by_dns});
  const auto& results = reports[0].results;
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].node, "127.0.0.1");
  EXPECT_EQ(results[0].outcome, CheckOutcome::kUp) << results[0].reason;
  EXPECT_EQ(results[1].outcome, CheckOutcome::kUp) << results[1].reason;
  EXPECT_EQ(results[2].outcome, CheckOutcome::kDown);
  EXPECT_EQ(results[2].reason, "HTTP 404, expected 2xx");
  EXPECT_EQ(only(reports[1]).outcome, CheckOutcome::kUp) << only(reports[1]).reason;
  ASSERT_FALSE(reports[2].results.empty());
  for (const auto& r : reports[2].results) {
    EXPECT_FALSE(r.node.empty());
    if (r.node == "127.0.0.1") {
      EXPECT_EQ(r.outcome, CheckOutcome::kUp) << r.reason;
    }
  }
}

TEST_P(ProbeEngineTest, AReusedHandleCarriesNothingOverFromTheLastCheck) {
  // Checks one at a time through one engine, so each reuses the same libcurl handle; a plain GET
  // skips the handle's reset, so whatever the check before set (a method, a body, a header,
  // no-body, connect-only) must be gone by then.
  auto request = [](std::string name, std::string method, std::string mark) {
    MonitorSpec s = http(std::move(name), "/request");
    s.expect.json = {{"$.method", std::move(method)}, {"$.mark", std::move(mark)}};
    return s;
  };
  std::vector<MonitorSpec> specs;
  specs.push_back(request("post", "POST", "left-over"));
  specs.back().method = "POST";
  specs.back().body = "x=1";
  specs.back().headers = {{"X-Probe-Mark", "left-over"}};
  specs.push_back(request("get-after-post", "GET", "none"));
  specs.push_back(http("head", "/healthy"));
  specs.back().method = "HEAD";
  specs.push_back(request("get-after-head", "GET", "none"));
  specs.push_back(MonitorSpec{});
  specs.back().name = "tcp";
  specs.back().kind = MonitorKind::kTcp;
  specs.back().target = "127.0.0.1:" + std::to_string(target_->http_port());
  specs.push_back(request("get-after-tcp", "GET", "none"));
  specs.push_back(http("get-after-get", "/healthy"));
  specs.back().expect.json = {{"$.status", "ok"}};
  std::vector<std::unique_ptr<probe::PreparedCheck>> checks;
  for (const auto& s : specs) checks.push_back(std::make_unique<probe::PreparedCheck>(s));

  std::mutex mu;
  std::condition_variable done;
  std::vector<probe::CheckRound> rounds;
  probe::EngineOptions options;
  options.plain_http = GetParam();
  probe::ProbeEngine engine(
      SystemClock::instance(),
      [&](probe::CheckRound&& round) {
        std::lock_guard lock(mu);
        rounds.push_back(std::move(round));
        done.notify_all();
      },
      options);
  ASSERT_TRUE(engine.start().ok());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    engine.submit(*checks[i], i);
    std::unique_lock lock(mu);
    ASSERT_TRUE(done.wait_for(lock, seconds(5), [&] { return rounds.size() == i + 1; }))
        << specs[i].name << " never reported";
    ASSERT_EQ(rounds[i].results.size(), 1u);
    const CheckResult& r = rounds[i].results.front();
    EXPECT_EQ(r.outcome, CheckOutcome::kUp) << specs[i].name << ": " << r.reason;
  }
  engine.stop();
}

TEST_F(MonitorEngineTest, RunningLoopDerivesPartialOutageAndStoresResults) {
  testing::TempDir dir;
  auto store = open_results_store("sqlite:" + dir.file("pharos.db"));
  ASSERT_TRUE(store.ok());
  MonitorSpec nodes = http("nodes", "/healthy");
  nodes.node_mode = NodeMode::kList;
  nodes.nodes = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
  nodes.interval = milliseconds(200);
  nodes.fall = 2;
  MonitorSpec gauge = http("gauge", "/metrics");
  gauge.component = "db";
  gauge.kind = MonitorKind::kMetric;
  gauge.interval = milliseconds(200);
  gauge.fall = 1;
  gauge.metric.series = R"(open_connections{pool="main"})";
  gauge.metric.trend_limit = 5'000;  // +10 per scrape every 200 ms: reached in minutes
  gauge.metric.trend_horizon = std::chrono::hours(1);
  monitor::MonitoringOptions options;
  options.flush_every = milliseconds(200);
  monitor::Monitoring m({nodes, gauge}, store->get(), SystemClock::instance(), options);
  ASSERT_TRUE(m.start().ok());
  auto status = [&](const std::string& id) {
    for (const auto& h : m.component_health()) {
      if (h.component_id == id) return h.status;
    }
    return ComponentStatus::kOperational;
  };
  auto deadline = std::chrono::steady_clock::now() + seconds(6);
  while (std::chrono::steady_clock::now() < deadline &&
         (status("api") != ComponentStatus::kPartialOutage ||
          status("db") != ComponentStatus::kDegradedPerformance)) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(status("api"), ComponentStatus::kPartialOutage);
  EXPECT_EQ(status("db"), ComponentStatus::kDegradedPerformance) << "rising gauge trend";
  std::string metrics = m.prometheus_text(monitor::Monitoring::MetricsDetail::kPerMonitor);
  m.stop();
  EXPECT_NE(metrics.find("pharos_node_up{monitor=\"nodes\",node=\"127.0.0.3\"} 0"),
            std::string::npos)
      << metrics;
  EXPECT_GT(m.checks_started(), 4);
  auto stored =
      (*store)->results("nodes", Instant{}, SystemClock::instance().now() + seconds(1), 1000);
  ASSERT_TRUE(stored.ok());
  EXPECT_GE(stored->size(), 6u) << "results of every node are stored";
  EXPECT_GT(m.lateness().total(), 0) << "lateness is recorded (its bar is measured in bench/)";
}

TEST_F(MonitorEngineTest, CheckCommandExitsNonZeroWhenANodeIsDown) {
  testing::TempDir dir;
  std::string port = std::to_string(target_->http_port());
  std::ofstream(dir.file("pharos.yaml"))
      << "page: { name: T }\n"
         "components: [ { id: api, name: API } ]\n"
         "monitors:\n"
         "  - { name: lb, component: api, kind: http, url: \"http://app.test:"
      << port
      << "/healthy\", nodes: [\"127.0.0.1\", \"127.0.0.3\"] }\n"
         "  - { name: ok, component: api, kind: http, url: \"http://127.0.0.1:"
      << port << "/healthy\" }\n";
  auto all = testing::run_process({PHAROS_BINARY, "check"}, dir.path().string());
  EXPECT_EQ(all.exit_code, 1) << all.out << all.err;
  EXPECT_NE(all.out.find("127.0.0.3"), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("HTTP 404, expected 2xx"), std::string::npos) << all.out;
  auto one = testing::run_process({PHAROS_BINARY, "check", "--json", "ok"}, dir.path().string());
  EXPECT_EQ(one.exit_code, 0) << one.out << one.err;
  auto doc = boost::json::parse(one.out);
  EXPECT_EQ(doc.at("ok"), true);
  EXPECT_EQ(doc.at("monitors").as_array().size(), 1u);
  auto unknown = testing::run_process({PHAROS_BINARY, "check", "nope"}, dir.path().string());
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("no monitor named 'nope'"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace pharos
