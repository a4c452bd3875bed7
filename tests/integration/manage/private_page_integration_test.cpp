// The real binary with `page: {access: private}`: the public page, history, feeds, incident pages
// and /api/v2 refuse strangers (browsers are sent to the admin login, API clients get 401) and
// let in a read-scope token or an admin-UI session of any role; probes stay open. A public page
// (the default) is untouched.
#include <gtest/gtest.h>

#include <unistd.h>
#include <boost/json.hpp>
#include <fstream>

#include "support/http_client.h"
#include "support/pharos_cli.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

class PrivatePageTest : public testing::PharosCliTest {
 protected:
  void write_config(const char* access) {
    std::ofstream(dir_.file("pharos.yaml"))
        << "page: { name: Acme, url: \"https://status.acme.example\", access: " << access
        << " }\ncomponents:\n  - { id: api, name: API }\n"
           "notify:\n  - { kind: email, smtp: \"smtp://127.0.0.1:9\", from: status@acme.example "
           "}\n";
  }
  void add_user(const std::string& name, const std::string& role) {
    auto r = pharos({"user", "add", name, "--role", role, "--password-stdin"},
                    "a long enough password\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // POSTs a form; `extra_headers` are whole lines ("Cookie: …\r\n").
  testing::HttpResponse post_form(int port, const std::string& path, const std::string& body,
                                  const std::string& extra_headers = "") {
    int fd = testing::connect_local(port);
    EXPECT_GE(fd, 0);
    EXPECT_TRUE(testing::send_all(
        fd, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n" + extra_headers + "Connection: close\r\n\r\n" +
                body));
    auto r = testing::read_response(fd);
    ::close(fd);
    return r;
  }
  // Logs `name` in through the admin UI's form and returns the session cookie ("name=value").
  std::string log_in(int port, const std::string& name) {
    auto r = post_form(port, "/admin/login",
                       "name=" + name + "&password=a+long+enough+password&next=%2Fadmin");
    EXPECT_EQ(r.status, 303) << r.body;
    std::string cookie = r.header("set-cookie");
    return cookie.substr(0, cookie.find(';'));
  }
};

TEST_F(PrivatePageTest, StrangersAreRefusedReadersAndSessionsGetIn) {
  write_config("private");
  add_user("vic", "viewer");
  std::string read = create_token("vic", "read");
  testing::ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  int port = server.port();

  for (const char* path : {"/", "/history", "/history/page/1", "/incidents/x"}) {
    auto r = testing::request(port, "GET", path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.header("location").rfind("/admin/login?next=%2F", 0), 0u) << path;
    EXPECT_EQ(r.body.find("Acme"), std::string::npos) << path;
  }
  EXPECT_EQ(testing::request(port, "GET", "/history?page=2").header("location"),
            "/admin/login?next=%2Fhistory%3Fpage%3D2");
  for (const char* path : {"/api/v2/summary.json", "/api/v2/status.json", "/history.atom"}) {
    auto r = testing::request(port, "GET", path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_EQ(r.header("www-authenticate").rfind("Bearer", 0), 0u) << path;
    EXPECT_NE(r.body.find("\"unauthenticated\""), std::string::npos) << path;
  }
  auto wrong = testing::request(port, "GET", "/", "Authorization: Bearer phr_wrong\r\n");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(testing::request(port, "GET", "/healthz").status, 200);

  auto with_token = testing::request(port, "GET", "/api/v2/summary.json",
                                     "Authorization: Bearer " + read + "\r\n");
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  EXPECT_NE(with_token.body.find("Acme"), std::string::npos);
  EXPECT_EQ(with_token.header("cache-control"), "private, no-cache");
  auto page = testing::request(port, "GET", "/", "Authorization: Bearer " + read + "\r\n");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Acme"), std::string::npos);

  std::string cookie = log_in(port, "vic");
  ASSERT_FALSE(cookie.empty());
  // The login the redirect sent the reader to brings them back to where they were going.
  auto back =
      post_form(port, "/admin/login", "name=vic&password=a+long+enough+password&next=%2Fhistory");
  EXPECT_EQ(back.status, 303);
  EXPECT_EQ(back.header("location"), "/history");
  auto history = testing::request(port, "GET", "/history", "Cookie: " + cookie + "\r\n");
  EXPECT_EQ(history.status, 200) << history.body.substr(0, 200);
  EXPECT_EQ(history.header("cache-control"), "private, no-cache");
  auto forged = testing::request(port, "GET", "/", "Cookie: pharos_session=forged\r\n");
  EXPECT_EQ(forged.status, 303);

  // A stranger cannot sign up for the news of a page they may not read; a reader can.
  auto stranger = post_form(port, "/subscribe", "kind=email&address=eve%40example.com");
  EXPECT_EQ(stranger.status, 303) << stranger.body;
  EXPECT_EQ(stranger.header("location").rfind("/admin/login?next=", 0), 0u);
  auto reader = post_form(port, "/subscribe", "kind=email&address=vic%40example.com",
                          "Cookie: " + cookie + "\r\n");
  EXPECT_EQ(reader.status, 200) << reader.body;
  EXPECT_EQ(server.stop(), 0);
  auto listed = pharos({"subscriber", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.find("eve@example.com"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("vic@example.com"), std::string::npos) << listed.out;
}

TEST_F(PrivatePageTest, APublicPageNeedsNothing) {
  write_config("public");
  testing::ServerProcess server(dir_.path().string(), {});
  ASSERT_TRUE(server.started()) << server.output();
  auto r = testing::request(server.port(), "GET", "/api/v2/summary.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control").rfind("public", 0), 0u);
  EXPECT_EQ(testing::request(server.port(), "GET", "/").status, 200);
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(PrivatePageTest, AnUnknownAccessValueIsAConfigErrorWithItsPlace) {
  write_config("secret");
  auto r = pharos({"config", "validate", "pharos.yaml"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("pharos.yaml:1:"), std::string::npos) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("page.access"), std::string::npos) << r.out << r.err;
}

}  // namespace
// /metrics is as private as the page. By default it holds aggregates only; with
// `metrics: {per_monitor: true}` it adds per-monitor series, which name the monitors' nodes
// (internal addresses), so then it needs a read-scope token even on a public page.
TEST_F(PrivatePageTest, MetricsAggregateForAllPerMonitorSeriesForReadersOnly) {
  auto write = [&](const std::string& access, bool per_monitor) {
    std::ofstream(dir_.file("pharos.yaml"))
        << "page: { name: Acme, url: \"https://status.acme.example\", access: " << access
        << " }\ncomponents:\n  - { id: api, name: API }\nmonitors:\n"
           "  - { name: nightly-backup, component: api, kind: heartbeat, every: 24h, grace: 1h, "
           "token: \"a-long-enough-heartbeat-token-0123456789\" }\n"
        << (per_monitor ? "metrics: { per_monitor: true }\n" : "");
  };
  add_user("vic", "viewer");
  std::string read = create_token("vic", "read");
  const std::string bearer = "Authorization: Bearer " + read + "\r\n";

  write("public", false);
  {
    testing::ServerProcess server(dir_.path().string(), {});
    ASSERT_TRUE(server.started()) << server.output();
    auto r = testing::request(server.port(), "GET", "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("pharos_monitors{status=\"operational\"} 1\n"), std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("pharos_component_status{component=\"api\"} 0\n"), std::string::npos);
    EXPECT_EQ(r.body.find("nightly-backup"), std::string::npos) << "no per-monitor series";
  }
  write("public", true);
  {
    testing::ServerProcess server(dir_.path().string(), {});
    ASSERT_TRUE(server.started()) << server.output();
    EXPECT_EQ(testing::request(server.port(), "GET", "/metrics").status, 401);
    auto r = testing::request(server.port(), "GET", "/metrics", bearer);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(
        r.body.find("pharos_monitor_checks_total{monitor=\"nightly-backup\",component=\"api\"}"),
        std::string::npos)
        << r.body;
  }
  write("private", false);
  {
    testing::ServerProcess server(dir_.path().string(), {});
    ASSERT_TRUE(server.started()) << server.output();
    EXPECT_EQ(testing::request(server.port(), "GET", "/metrics").status, 401);
    EXPECT_EQ(testing::request(server.port(), "GET", "/metrics", bearer).status, 200);
  }
}

}  // namespace pharos
