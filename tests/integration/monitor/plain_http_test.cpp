// Both transports of the probe engine — its own plain-HTTP one (probe/plain_http.h) and libcurl —
// against real servers on loopback: the same checks give the same verdicts, and failures reasons
// of the same kind. Each test runs once per transport (EngineOptions::plain_http).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "probe/engine.h"
#include "support/loopback_http.h"

namespace pharos {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::LoopbackHttp;

class PlainHttpTest : public ::testing::TestWithParam<bool> {
 protected:
  // Runs each spec once through one engine and returns its results (one per node), in order.
  // `one_at_a_time`: each check is submitted once the one before has been reported.
  std::vector<std::vector<CheckResult>> run(const std::vector<MonitorSpec>& specs,
                                            probe::EngineOptions options = {},
                                            bool one_at_a_time = false) {
    options.plain_http = GetParam();
    std::vector<std::unique_ptr<probe::PreparedCheck>> checks;
    for (const auto& s : specs) checks.push_back(std::make_unique<probe::PreparedCheck>(s));
    std::mutex mu;
    std::condition_variable done;
    std::vector<std::vector<CheckResult>> out(specs.size());
    std::size_t reported = 0;
    probe::ProbeEngine engine(
        SystemClock::instance(),
        [&](probe::CheckRound&& round) {
          std::lock_guard lock(mu);
          out[round.tag] = std::move(round.results);
          ++reported;
          done.notify_all();
        },
        options);
    EXPECT_TRUE(engine.start().ok());
    for (std::size_t i = 0; i < checks.size(); ++i) {
      engine.submit(*checks[i], i);
      std::unique_lock lock(mu);
      if (one_at_a_time) done.wait_for(lock, seconds(5), [&] { return reported == i + 1; });
    }
    std::unique_lock lock(mu);
    EXPECT_TRUE(done.wait_for(lock, seconds(10), [&] { return reported == specs.size(); }))
        << reported << " of " << specs.size() << " reported";
    lock.unlock();
    engine.stop();
    return out;
  }

  static MonitorSpec http(const std::string& name, int port, const std::string& path = "/") {
    MonitorSpec s;
    s.name = name;
    s.component = "api";
    s.url = "http://127.0.0.1:" + std::to_string(port) + path;
    s.timeout = seconds(2);
    return s;
  }

  static const CheckResult& only(const std::vector<CheckResult>& results) {
    EXPECT_EQ(results.size(), 1u);
    static const CheckResult kNone;
    return results.empty() ? kNone : results.front();
  }
};

std::string transport_name(const ::testing::TestParamInfo<bool>& info) {
  return info.param ? "Plain" : "Libcurl";
}

INSTANTIATE_TEST_SUITE_P(ProbeTransports, PlainHttpTest, ::testing::Bool(), transport_name);

TEST_P(PlainHttpTest, StatusBodyAndKeyword) {
  LoopbackHttp server([](const std::string& head, const std::string&) {
    if (head.rfind("GET /missing ", 0) == 0) return LoopbackHttp::response("404 Not Found", "no");
    return LoopbackHttp::response("200 OK", "{\"status\":\"ok\",\"build\":\"abc\"}");
  });
  ASSERT_GT(server.port(), 0);
  std::vector<MonitorSpec> specs;
  specs.push_back(http("ok", server.port(), "/healthy"));
  specs.back().expect.body_contains = "\"build\":\"abc\"";
  specs.back().expect.json = {{"$.status", "ok"}};
  specs.push_back(http("keyword-missing", server.port()));
  specs.back().expect.body_contains = "maintenance";
  specs.push_back(http("missing", server.port(), "/missing"));
  auto results = run(specs);
  const CheckResult& ok = only(results[0]);
  EXPECT_EQ(ok.outcome, CheckOutcome::kUp) << ok.reason;
  EXPECT_EQ(ok.http_status, 200);
  EXPECT_GT(ok.timing.connect_us, 0);
  EXPECT_LE(ok.timing.connect_us, ok.timing.first_byte_us);
  EXPECT_LE(ok.timing.first_byte_us, ok.timing.total_us);
  EXPECT_EQ(only(results[1]).reason, "the body does not contain 'maintenance'");
  EXPECT_EQ(only(results[2]).reason, "HTTP 404, expected 2xx");
  EXPECT_EQ(only(results[2]).http_status, 404);
}

TEST_P(PlainHttpTest, ChunkedAndCloseDelimitedBodies) {
  LoopbackHttp server([](const std::string& head, const std::string&) -> std::string {
    if (head.rfind("GET /chunked ", 0) == 0) {
      return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
             "6\r\nall-is\r\n3\r\n-ok\r\n0\r\n\r\n";
    }
    return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall-is-ok until the close";
  });
  ASSERT_GT(server.port(), 0);
  std::vector<MonitorSpec> specs{http("chunked", server.port(), "/chunked"),
                                 http("close", server.port(), "/close")};
  specs[0].expect.body_regex = "^all-is-ok$";
  specs[1].expect.body_contains = "until the close";
  auto results = run(specs);
  EXPECT_EQ(only(results[0]).outcome, CheckOutcome::kUp) << only(results[0]).reason;
  EXPECT_EQ(only(results[1]).outcome, CheckOutcome::kUp) << only(results[1]).reason;
}

TEST_P(PlainHttpTest, TruncatedGarbageAndOversizedResponsesFailClearly) {
  LoopbackHttp server([](const std::string& head, const std::string&) -> std::string {
    if (head.rfind("GET /truncated ", 0) == 0) {
      return "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
    }
    if (head.rfind("GET /garbage ", 0) == 0) return "SSH-2.0-OpenSSH_9.2p1 Debian\r\n";
    if (head.rfind("GET /large-header ", 0) == 0) {
      // Under both transports' limit (100 KiB, libcurl's): the plain one grows its buffer.
      return "HTTP/1.1 200 OK\r\nX-Large: " + std::string(60 * 1024, 'a') +
             "\r\nContent-Length: 2\r\n\r\nok";
    }
    if (head.rfind("GET /big-header ", 0) == 0) {
      // Over both transports' limit.
      return "HTTP/1.1 200 OK\r\nX-Big: " + std::string(150 * 1024, 'a') +
             "\r\nContent-Length: 2\r\n\r\nok";
    }
    if (head.rfind("GET /empty ", 0) == 0) return "";
    return LoopbackHttp::response("200 OK", std::string(5000, 'x'));
  });
  ASSERT_GT(server.port(), 0);
  std::vector<MonitorSpec> specs{http("truncated", server.port(), "/truncated"),
                                 http("garbage", server.port(), "/garbage"),
                                 http("big-header", server.port(), "/big-header"),
                                 http("empty", server.port(), "/empty"),
                                 http("max-body", server.port(), "/big"),
                                 http("large-header", server.port(), "/large-header")};
  specs[4].max_body_bytes = 1000;
  auto results = run(specs);
  EXPECT_EQ(only(results[5]).outcome, CheckOutcome::kUp) << only(results[5]).reason;
  for (std::size_t i = 0; i < specs.size() - 1; ++i) {
    const CheckResult& r = only(results[i]);
    EXPECT_EQ(r.outcome, CheckOutcome::kDown) << specs[i].name;
    EXPECT_FALSE(r.reason.empty()) << specs[i].name;
  }
  EXPECT_EQ(only(results[4]).reason, "the response body is larger than max_body (1000 bytes)");
  if (GetParam()) {  // the plain transport's own words
    EXPECT_NE(only(results[0]).reason.find("ended early"), std::string::npos)
        << only(results[0]).reason;
    EXPECT_NE(only(results[1]).reason.find("not HTTP"), std::string::npos)
        << only(results[1]).reason;
    EXPECT_EQ(only(results[2]).reason, "the response header is larger than 100 KiB");
    EXPECT_EQ(only(results[3]).reason, "no response: the server closed the connection");
  }
}

TEST_P(PlainHttpTest, TimeoutRefusedAndTcp) {
  int never_accepted_port = 0;
  int listener = testing::listen_local(16, &never_accepted_port);  // connects, never answers
  ASSERT_GE(listener, 0);
  int closed_port = testing::free_loopback_port();
  ASSERT_GT(closed_port, 0);
  std::vector<MonitorSpec> specs{http("timeout", never_accepted_port),
                                 http("refused", closed_port)};
  specs[0].timeout = seconds(1);
  MonitorSpec tcp;
  tcp.name = "tcp";
  tcp.kind = MonitorKind::kTcp;
  tcp.target = "127.0.0.1:" + std::to_string(never_accepted_port);
  specs.push_back(tcp);
  tcp.name = "tcp-refused";
  tcp.target = "127.0.0.1:" + std::to_string(closed_port);
  specs.push_back(tcp);
  auto started = std::chrono::steady_clock::now();
  auto results = run(specs);
  auto took = std::chrono::steady_clock::now() - started;
  close(listener);
  EXPECT_GE(took, milliseconds(900)) << "the timeout is the monitor's";
  EXPECT_LT(took, seconds(5));
  EXPECT_EQ(only(results[0]).outcome, CheckOutcome::kDown);
  EXPECT_NE(only(results[0]).reason.find("timed out"), std::string::npos)
      << only(results[0]).reason;
  EXPECT_NE(only(results[1]).reason.find("onnect"), std::string::npos) << only(results[1]).reason;
  EXPECT_EQ(only(results[2]).outcome, CheckOutcome::kUp) << only(results[2]).reason;
  EXPECT_EQ(only(results[3]).outcome, CheckOutcome::kDown);
  EXPECT_NE(only(results[3]).reason.find("onnect"), std::string::npos) << only(results[3]).reason;
  if (GetParam()) {
    EXPECT_EQ(only(results[0]).reason, "timed out after 1s");
    EXPECT_EQ(only(results[1]).reason, "cannot connect to 127.0.0.1 port " +
                                           std::to_string(closed_port) + ": connection refused");
  }
}

TEST_P(PlainHttpTest, NodesKeepTheHostHeaderAndSourceAddressIsBound) {
  LoopbackHttp server([](const std::string& head, const std::string& peer) {
    std::size_t at = head.find("\r\nHost: ");
    std::string host =
        at == head.npos ? "none" : head.substr(at + 8, head.find('\r', at + 2) - at - 8);
    return LoopbackHttp::response("200 OK", "host=" + host + " peer=" + peer);
  });
  ASSERT_GT(server.port(), 0);
  std::string port = std::to_string(server.port());
  MonitorSpec nodes = http("nodes", server.port());
  nodes.url = "http://app.test:" + port + "/";  // app.test does not resolve: the node is used
  nodes.node_mode = NodeMode::kList;
  nodes.nodes = {"127.0.0.1", "127.0.0.1:" + port};
  nodes.expect.body_contains = "host=app.test:" + port + " peer=127.0.0.2";
  probe::EngineOptions options;
  options.source_address = "127.0.0.2";
  auto results = run({nodes}, options);
  ASSERT_EQ(results[0].size(), 2u);
  for (const auto& r : results[0]) {
    EXPECT_EQ(r.outcome, CheckOutcome::kUp) << r.node << ": " << r.reason;
  }
  EXPECT_EQ(results[0][1].node, "127.0.0.1:" + port);
}

TEST_P(PlainHttpTest, HeadPostAndHostnameThroughTheCache) {
  LoopbackHttp server([](const std::string& head, const std::string&) -> std::string {
    if (head.rfind("HEAD / ", 0) == 0) {
      return "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n";
    }
    if (head.rfind("POST /submit ", 0) == 0) {
      bool typed = head.find("\r\nContent-Length: 9\r\n") != head.npos;
      bool body = head.size() > 9 && head.substr(head.size() - 9) == "name=test";
      return LoopbackHttp::response(typed && body ? "201 Created" : "400 Bad Request", head);
    }
    return LoopbackHttp::response("200 OK", "via " + head.substr(0, head.find('\r')));
  });
  ASSERT_GT(server.port(), 0);
  std::vector<MonitorSpec> specs{http("head", server.port()),
                                 http("post", server.port(), "/submit"),
                                 http("localhost", server.port(), "/named")};
  specs[0].method = "HEAD";
  specs[0].max_body_bytes = 10;  // a HEAD response's Content-Length is not a body
  specs[1].method = "POST";
  specs[1].body = "name=test";
  specs[1].headers = {{"X-Mark", "m"}};
  specs[1].expect.status = {201};
  specs[2].url = "http://localhost:" + std::to_string(server.port()) + "/named";
  specs[2].expect.body_contains = "via GET /named HTTP/1.1";
  auto results = run(specs);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    EXPECT_EQ(only(results[i]).outcome, CheckOutcome::kUp)
        << specs[i].name << ": " << only(results[i]).reason;
  }
  // The second check of a hostname within a minute takes its addresses from the cache (no
  // lookup): the same verdict, on a fresh engine whose cache is empty, then warm.
  auto again = run({specs[2], specs[2]}, {}, true);
  EXPECT_EQ(only(again[0]).outcome, CheckOutcome::kUp) << only(again[0]).reason;
  EXPECT_EQ(only(again[1]).outcome, CheckOutcome::kUp) << only(again[1]).reason;
}

TEST_P(PlainHttpTest, StoppingWithChecksInFlightReportsNothingAndReturnsAtOnce) {
  int never_accepted_port = 0;
  int listener = testing::listen_local(16, &never_accepted_port);
  ASSERT_GE(listener, 0);
  MonitorSpec hang = http("hang", never_accepted_port);
  hang.timeout = seconds(30);
  hang.node_mode = NodeMode::kList;
  hang.nodes = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
  probe::PreparedCheck check(hang);
  std::atomic<int> reported{0};
  probe::EngineOptions options;
  options.plain_http = GetParam();
  probe::ProbeEngine engine(
      SystemClock::instance(), [&](probe::CheckRound&&) { ++reported; }, options);
  ASSERT_TRUE(engine.start().ok());
  for (std::uint64_t i = 0; i < 20; ++i) engine.submit(check, i);
  std::this_thread::sleep_for(milliseconds(200));  // connected, waiting for an answer
  auto started = std::chrono::steady_clock::now();
  engine.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(2));
  EXPECT_EQ(reported.load(), 0);
  close(listener);
}

}  // namespace
}  // namespace pharos
