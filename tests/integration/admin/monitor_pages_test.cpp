// The real binary probing the loopback target (127.0.0.3 is the sick node): a responder created
// with `pharos user add` logs in to /admin, sees the monitor list with the sick node, pauses the
// monitor through the form (CSRF token from the page), sees the pause in the management API, and
// runs the monitor now.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/check_target.h"
#include "support/html_text.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPassword = "a long enough password for rob";

class MonitorPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(target_.ok()) << target_.error();
    std::ofstream(dir_.file("pharos.yaml")) << R"(page: { name: Acme, time_zone: Europe/Amsterdam }
components:
  - { id: apps, name: Cloud Apps }
)" << target_.apps_health_monitor_yaml();
    auto added = pharos({"user", "add", "rob", "--role", "responder", "--password-stdin"},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    auto token = pharos({"token", "create", "--user", "rob", "--scope", "read", "--json"});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    token_ = std::string(boost::json::parse(token.out).at("token").as_string());
  }

  testing::RunResult pharos(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {PHAROS_BINARY, "--config", "pharos.yaml", "--data", "data"});
    return testing::run_process(args, dir_.path().string(), input);
  }

  testing::HttpResponse get(const std::string& target) {
    return testing::request(port_, "GET", target,
                            cookie_.empty() ? "" : "Cookie: pharos_session=" + cookie_ + "\r\n");
  }

  testing::HttpResponse post_form(const std::string& target, const std::string& body,
                                  const std::string& extra_headers = "") {
    int fd = testing::connect_local(port_);
    EXPECT_GE(fd, 0);
    std::string raw = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                      (cookie_.empty() ? "" : "Cookie: pharos_session=" + cookie_ + "\r\n") +
                      extra_headers +
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    EXPECT_TRUE(testing::send_all(fd, raw));
    auto response = testing::read_response(fd, false, 10'000);
    ::close(fd);
    return response;
  }

  void log_in() {
    auto r = post_form("/admin/login",
                       "name=rob&password=" + std::string(kPassword) + "&next=%2Fadmin%2Fmonitors");
    ASSERT_EQ(r.status, 303) << r.body;
    std::string set_cookie = r.header("set-cookie");
    const std::string prefix = "pharos_session=";
    ASSERT_EQ(set_cookie.rfind(prefix, 0), 0u) << set_cookie;
    cookie_ = set_cookie.substr(prefix.size(), set_cookie.find(';') - prefix.size());
  }

  // The value of the page's first csrf field.
  static std::string csrf_of(const std::string& html) {
    return testing::text_after(html, "name=\"csrf\" value=\"", '"');
  }

  boost::json::object api_monitor() {
    auto r = testing::request(port_, "GET", "/api/manage/v1/monitors",
                              "Authorization: Bearer " + token_ + "\r\n");
    EXPECT_EQ(r.status, 200) << r.body;
    boost::json::value list = boost::json::parse(r.body);
    for (const auto& m : list.as_array()) {
      if (m.at("name").as_string() == "apps-health") return m.as_object();
    }
    return {};
  }

  testing::Target target_;
  testing::TempDir dir_;
  std::string token_;
  std::string cookie_;
  int port_ = 0;
};

TEST_F(MonitorPagesTest, ResponderSeesTheSickNodePausesWithTheFormAndRunsNow) {
  testing::ServerProcess server(dir_.path().string(),
                                {"--config", "pharos.yaml", "--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();
  port_ = server.port();

  EXPECT_EQ(get("/admin/monitors").status, 303);  // signed out: to the login page
  log_in();
  ASSERT_FALSE(cookie_.empty());

  // The list shows the sick node once fall (2) rounds at 1 s have run; bounded wait.
  std::string list;
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = get("/admin/monitors");
    ASSERT_EQ(r.status, 200) << r.body;
    list = r.body;
    if (list.find("partial_outage") != std::string::npos ||
        list.find("Partial outage") != std::string::npos)
      break;
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_NE(list.find("/admin/monitors/apps-health"), std::string::npos) << list;
  EXPECT_NE(list.find("127.0.0.3: <span class=\"check c-down\">down</span>"), std::string::npos)
      << list;
  EXPECT_NE(list.find("127.0.0.1: <span class=\"check c-up\">up</span>"), std::string::npos);
  EXPECT_NE(list.find("404"), std::string::npos);

  auto page = get("/admin/monitors/apps-health");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("Europe/Amsterdam"), std::string::npos);  // chart axis in page zone
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  std::string csrf = csrf_of(page.body);
  ASSERT_FALSE(csrf.empty()) << page.body;
  EXPECT_NE(page.body.find("action=\"/admin/monitors/apps-health/pause\""), std::string::npos);

  // Without the token, or from another origin with it: refused, nothing changed.
  EXPECT_EQ(post_form("/admin/monitors/apps-health/pause", "").status, 403);
  EXPECT_EQ(post_form("/admin/monitors/apps-health/pause", "csrf=" + csrf,
                      "Origin: http://evil.example\r\n")
                .status,
            403);
  EXPECT_FALSE(api_monitor().at("paused").as_bool());

  auto paused = post_form("/admin/monitors/apps-health/pause", "csrf=" + csrf);
  ASSERT_EQ(paused.status, 303) << paused.body;
  EXPECT_EQ(paused.header("location"), "/admin/monitors/apps-health");
  boost::json::object m = api_monitor();
  ASSERT_FALSE(m.empty());
  EXPECT_TRUE(m.at("paused").as_bool());
  EXPECT_EQ(m.at("paused_by").as_string(), "user:rob");
  EXPECT_EQ(m.at("status").as_string(), "operational");  // not counted against the component
  auto after = get("/admin/monitors/apps-health");
  EXPECT_NE(after.body.find("Paused apps-health."), std::string::npos);  // the flash
  EXPECT_NE(after.body.find("action=\"/admin/monitors/apps-health/resume\""), std::string::npos);

  // Run now, while paused: the round is shown, the state stays paused.
  auto ran = post_form("/admin/monitors/apps-health/run", "csrf=" + csrf);
  ASSERT_EQ(ran.status, 303) << ran.body;
  auto shown = get("/admin/monitors/apps-health");
  EXPECT_NE(shown.body.find("Checked apps-health now:"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("127.0.0.3 down (HTTP 404"), std::string::npos) << shown.body;
  EXPECT_TRUE(api_monitor().at("paused").as_bool());

  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace pharos
