// End-to-end tests of `pharos serve`: the real binary on 127.0.0.1:0, raw HTTP over loopback.
// Every wait is bounded in count and time.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <regex>

#include "support/gzip.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using testing::gunzip;

using testing::HttpResponse;
using testing::request;

class WebServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.file("pharos.yaml"))
        << R"(page: { name: Acme, url: "https://status.acme.example", time_zone: Europe/Amsterdam }
groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform }
  - { id: evil, name: "<script>alert(1)</script>", group: platform }
  - { id: cdn, name: CDN }
)";
  }

  testing::RunResult pharos(std::vector<std::string> args) {
    args.insert(args.begin(), PHAROS_BINARY);
    return testing::run_process(args, dir_.path().string());
  }

  std::string open_incident(const std::string& title, const std::string& message) {
    auto r = pharos({"incident", "open", "--title", title, "--impact", "major", "--component",
                     "api", "--message", message, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::string(boost::json::parse(r.out).as_object()["id"].as_string());
  }

  void start(std::vector<std::string> serve_args = {"--request-timeout", "1s", "--idle-timeout",
                                                    "1s"}) {
    server_ = std::make_unique<testing::ServerProcess>(dir_.path().string(),
                                                       std::vector<std::string>{}, serve_args);
    ASSERT_TRUE(server_->started()) << server_->output();
    port_ = server_->port();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServerProcess> server_;
  int port_ = 0;
};

TEST_F(WebServerTest, EveryRouteAnswersWithItsStatusAndContentType) {
  std::string id = open_incident("API down", "Investigating");
  start();
  struct Case {
    std::string path;
    int status;
    std::string type;
  };
  const std::string html = "text/html; charset=utf-8", json = "application/json; charset=utf-8";
  std::vector<Case> cases = {{"/", 200, html},
                             {"/history", 200, html},
                             {"/history?page=1", 200, html},
                             {"/history?page=99", 404, json},
                             {"/history/page/1/", 200, html},
                             {"/history/page/x", 404, json},
                             {"/incidents/" + id, 200, html},
                             {"/incidents/nosuchincident", 404, json},
                             {"/static/pharos.css", 200, "text/css; charset=utf-8"},
                             {"/healthz", 200, "text/plain; charset=utf-8"},
                             {"/readyz", 200, "text/plain; charset=utf-8"},
                             {"/nope", 404, json}};
  for (const char* api : {"summary", "status", "components", "incidents", "incidents/unresolved",
                          "scheduled-maintenances", "scheduled-maintenances/upcoming",
                          "scheduled-maintenances/active"}) {
    cases.push_back({std::string("/api/v2/") + api + ".json", 200, json});
  }
  for (const auto& c : cases) {
    HttpResponse r = request(port_, "GET", c.path);
    EXPECT_EQ(r.status, c.status) << c.path;
    EXPECT_EQ(r.header("content-type"), c.type) << c.path;
    if (c.path.rfind("/api/v2/", 0) == 0) {
      EXPECT_EQ(r.header("access-control-allow-origin"), "*") << c.path;
      EXPECT_NO_THROW(boost::json::parse(r.body)) << c.path;
    }
  }
  HttpResponse head = request(port_, "HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(request(port_, "GET", "/").body.size()));
  EXPECT_EQ(request(port_, "POST", "/").status, 404);
  EXPECT_EQ(server_->stop(), 0) << "SIGTERM shuts down gracefully";
}

TEST_F(WebServerTest, SummaryJsonHasStatuspageShapeOverTheWire) {
  open_incident("API down", "Investigating");
  start();
  auto summary = boost::json::parse(request(port_, "GET", "/api/v2/summary.json").body).as_object();
  std::vector<std::string> keys;
  for (const auto& kv : summary) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"page", "components", "incidents",
                                            "scheduled_maintenances", "status"}));
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00)");  // Amsterdam
  auto& incident = summary["incidents"].as_array().at(0).as_object();
  EXPECT_TRUE(std::regex_match(std::string(incident["created_at"].as_string()), iso));
  EXPECT_EQ(incident["impact"].as_string(), "major");
  EXPECT_EQ(summary["status"].as_object()["indicator"].as_string(), "major")
      << "an investigating incident of major impact outweighs 1 of 3 components in partial "
         "outage (domain/rollup.h)";
}

TEST_F(WebServerTest, ConditionalGetAndCompression) {
  start();
  HttpResponse plain = request(port_, "GET", "/");
  ASSERT_EQ(plain.status, 200);
  std::string etag = plain.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_FALSE(plain.header("last-modified").empty());
  HttpResponse not_modified = request(port_, "GET", "/", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  HttpResponse gz = request(port_, "GET", "/", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_LT(gz.body.size(), plain.body.size());
  EXPECT_EQ(gunzip(gz.body), plain.body);
  HttpResponse br = request(port_, "GET", "/api/v2/summary.json", "Accept-Encoding: br, gzip\r\n");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.header("vary"), "Accept-Encoding");
}

TEST_F(WebServerTest, OversizedHeaderIs431) {
  start();
  HttpResponse r = request(port_, "GET", "/", "X-Big: " + std::string(9000, 'a') + "\r\n");
  EXPECT_EQ(r.status, 431);
  HttpResponse ok = request(port_, "GET", "/", "X-Fine: " + std::string(4000, 'a') + "\r\n");
  EXPECT_EQ(ok.status, 200);
}

TEST_F(WebServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  start();
  int slow = testing::connect_local(port_);
  ASSERT_GE(slow, 0);
  ASSERT_TRUE(testing::send_all(slow, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  EXPECT_EQ(request(port_, "GET", "/healthz").status, 200) << "others are served meanwhile";
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(testing::closed_within(slow, 5000)) << "request timeout is 1s";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  close(slow);
}

TEST_F(WebServerTest, KeepAliveServesManyThenIdleConnectionCloses) {
  start();
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(testing::send_all(fd, "GET /api/v2/status.json HTTP/1.1\r\nHost: x\r\n\r\n"));
    HttpResponse r = testing::read_response(fd);
    EXPECT_EQ(r.status, 200) << "request " << i;
    EXPECT_EQ(r.header("connection"), "keep-alive");
  }
  EXPECT_TRUE(testing::closed_within(fd, 5000)) << "idle timeout is 1s";
  close(fd);
}

TEST_F(WebServerTest, ConnectionsBeyondTheCapAreRefusedAndServiceResumes) {
  start({"--max-connections", "2", "--idle-timeout", "10s", "--request-timeout", "10s"});
  int a = testing::connect_local(port_), b = testing::connect_local(port_);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  // Both held connections are served, so both sessions certainly exist before the third arrives.
  for (int fd : {a, b}) {
    ASSERT_TRUE(testing::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(testing::read_response(fd).status, 200);
  }
  int c = testing::connect_local(port_);
  ASSERT_GE(c, 0);
  EXPECT_TRUE(testing::closed_within(c, 3000)) << "the third connection is over the cap";
  close(c);
  close(a);
  HttpResponse resumed;
  for (int i = 0; i < 40 && resumed.status != 200; ++i) {
    resumed = request(port_, "GET", "/healthz");
    if (resumed.status != 200) usleep(50 * 1000);
  }
  EXPECT_EQ(resumed.status, 200) << "a freed slot is usable again";
  close(b);
}

TEST_F(WebServerTest, CliWriteShowsOnTheNextRequestWithinASecond) {
  start();
  HttpResponse before = request(port_, "GET", "/api/v2/incidents/unresolved.json");
  EXPECT_EQ(before.body.find("Database on fire"), std::string::npos);
  open_incident("Database on fire", "Investigating");
  auto written = std::chrono::steady_clock::now();
  bool seen = false;
  for (int i = 0; i < 40 && !seen; ++i) {
    seen =
        request(port_, "GET", "/api/v2/incidents/unresolved.json").body.find("Database on fire") !=
        std::string::npos;
    if (!seen) usleep(50 * 1000);
  }
  EXPECT_TRUE(seen);
  EXPECT_LT(std::chrono::steady_clock::now() - written, std::chrono::milliseconds(1000));
  EXPECT_NE(request(port_, "GET", "/").body.find("Database on fire"), std::string::npos);
}

TEST_F(WebServerTest, HostileTextIsEscapedOnEveryPage) {
  std::string id = open_incident("<img src=x onerror=alert(3)>", "Body <script>alert(2)</script>");
  start();
  for (const std::string& path : std::vector<std::string>{"/", "/incidents/" + id, "/history"}) {
    std::string body = request(port_, "GET", path).body;
    EXPECT_EQ(body.find("<script"), std::string::npos) << path;
    EXPECT_EQ(body.find("<img"), std::string::npos) << path;
  }
  EXPECT_NE(request(port_, "GET", "/").body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
}

TEST_F(WebServerTest, ExportStaticWritesTheWholeSite) {
  std::string id = open_incident("API down", "Investigating");
  auto r = pharos({"export-static", "out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& file : std::vector<std::string>{
           "out/index.html", "out/history/index.html", "out/incidents/" + id + "/index.html",
           "out/api/v2/summary.json", "out/static/pharos.css", "out/404.html",
           "out/webhooks/index.html"}) {
    EXPECT_TRUE(std::ifstream(dir_.file(file)).good()) << file;
  }
}

}  // namespace
}  // namespace pharos
