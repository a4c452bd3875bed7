// `pharos serve` re-reads pharos.yaml on SIGHUP and on `pharos config reload`, with the real
// binary on loopback and a real HTTP target that counts the checks it receives per path.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "support/http_client.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A loopback HTTP server answering 200 to every GET and counting requests by path. One
// connection at a time (the checks are few), every wait bounded.
class CountingTarget {
 public:
  int port() const { return server_.port(); }
  int count(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = counts_.find(path);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  std::string answer(const std::string& head) {
    auto sp1 = head.find(' ');
    auto sp2 = sp1 == std::string::npos ? sp1 : head.find(' ', sp1 + 1);
    if (sp2 != std::string::npos) {
      std::lock_guard lock(mu_);
      ++counts_[head.substr(sp1 + 1, sp2 - sp1 - 1)];
    }
    return testing::LoopbackHttp::response("200 OK", "ok");
  }

  mutable std::mutex mu_;
  std::map<std::string, int> counts_;
  // Last: it is stopped (its thread joined) before the members its answers use go.
  testing::LoopbackHttp server_{
      [this](const std::string& head, const std::string&) { return answer(head); }};
};

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds within = 10s) {
  auto deadline = Clock::now() + within;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GT(target_.port(), 0);
    write_config(base_config());
    server_ = std::make_unique<testing::ServerProcess>(
        dir_.path().string(), std::vector<std::string>{"--config", config_path()});
    ASSERT_TRUE(server_->started()) << server_->output();
    port_ = server_->port();
  }

  std::string config_path() const { return dir_.file("pharos.yaml"); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(target_.port()) + path;
  }
  void write_config(const std::string& text) {
    std::ofstream out(config_path(), std::ios::trunc);
    out << text;
  }
  std::string monitor(const std::string& name, const std::string& component,
                      const std::string& path) const {
    return "  - { name: " + name + ", component: " + component + ", kind: http, url: \"" +
           url(path) + "\", interval: 300ms, timeout: 2s, fall: 1 }\n";
  }
  std::string base_config() const {
    return "page: { name: Acme }\ncomponents:\n  - { id: api, name: Public API }\nmonitors:\n" +
           monitor("api-health", "api", "/api");
  }
  std::string with_billing(bool billing_monitor) const {
    return "page: { name: Acme }\ncomponents:\n  - { id: api, name: Public API }\n"
           "  - { id: billing, name: Billing Engine }\nmonitors:\n" +
           monitor("api-health", "api", "/api") +
           (billing_monitor ? monitor("billing-health", "billing", "/billing") : "");
  }

  testing::RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {PHAROS_BINARY, "--config", config_path()});
    return testing::run_process(args, dir_.path().string(), "", 30);
  }
  testing::HttpResponse get(const std::string& path, const std::string& headers = "") {
    return testing::request(port_, "GET", path,
                            "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n" + headers);
  }
  // The reload file's generation (0 before any reload).
  int generation() {
    std::ifstream in(dir_.file("pharos-data/pharos.reload"));
    std::string key;
    int value = 0;
    if (in >> key >> value && key == "generation") return value;
    return 0;
  }

  testing::TempDir dir_;
  CountingTarget target_;
  std::unique_ptr<testing::ServerProcess> server_;
  int port_ = 0;
};

TEST_F(ReloadTest, CliReloadAddsAComponentAndAMonitorThenRemovingTheMonitorStopsItsChecks) {
  ASSERT_TRUE(eventually([&] { return target_.count("/api") > 0; })) << "checks before reload";
  EXPECT_EQ(get("/").body.find("Billing Engine"), std::string::npos);

  write_config(with_billing(true));
  auto reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("reloaded: +1 monitor, -0, ~0 changed; +1 component"),
            std::string::npos)
      << reloaded.out;

  EXPECT_TRUE(eventually([&] { return target_.count("/billing") >= 2; }))
      << "the new monitor checks its target";
  EXPECT_NE(get("/").body.find("Billing Engine"), std::string::npos) << "the page shows it";
  EXPECT_NE(get("/api/v2/components.json").body.find("\"Billing Engine\""), std::string::npos);
  EXPECT_GT(target_.count("/api"), 0);

  // Removing the monitor (the component stays) stops its checks.
  write_config(with_billing(false));
  reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("+0 monitors, -1, ~0 changed"), std::string::npos) << reloaded.out;
  int after = target_.count("/billing");
  int api_after = target_.count("/api");
  std::this_thread::sleep_for(1500ms);  // five of its 300 ms slots
  EXPECT_LE(target_.count("/billing"), after + 1) << "no more checks of the removed monitor";
  EXPECT_GE(target_.count("/api"), api_after + 2) << "the kept monitor goes on";
  EXPECT_NE(get("/").body.find("Billing Engine"), std::string::npos);

  auto metrics = get("/metrics").body;
  EXPECT_NE(metrics.find("pharos_config_reloads_total{result=\"ok\"} 2"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("pharos_config_reloads_total{result=\"error\"} 0"), std::string::npos);
}

TEST_F(ReloadTest, BrokenFileIsRefusedThePageKeepsServingAndTheDashboardShowsWhy) {
  // The first admin, through the one-time setup address printed at start.
  std::smatch m;
  const std::string& out = server_->output();
  ASSERT_TRUE(std::regex_search(out, m, std::regex("/admin/setup\\?token=([A-Za-z0-9_-]+)")))
      << out;
  std::string body = "token=" + m[1].str() +
                     "&name=ada&password=a+long+enough+password&confirm=a+long+enough+password";
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(testing::send_all(
      fd, "POST /admin/setup HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
              "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body));
  auto setup = testing::read_response(fd, false, 10000);
  ::close(fd);
  ASSERT_EQ(setup.status, 303) << setup.body;
  std::string set_cookie = setup.header("set-cookie");
  std::string cookie = "Cookie: " + set_cookie.substr(0, set_cookie.find(';')) + "\r\n";

  // Line 4 names a group that does not exist.
  write_config(
      "page: { name: Acme }\ncomponents:\n  - { id: api, name: Public API }\n"
      "  - { id: billing, name: Billing Engine, group: nowhere }\n");
  auto refused = cli({"config", "reload"});
  EXPECT_EQ(refused.exit_code, 2) << "the CLI validates first";
  EXPECT_NE(refused.err.find("pharos.yaml:4:"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("not reloaded"), std::string::npos) << refused.err;
  EXPECT_EQ(generation(), 0) << "the server was not signalled";

  // The server refuses it too when signalled directly.
  ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return generation() == 1; }));
  auto page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Public API"), std::string::npos);
  EXPECT_EQ(page.body.find("Billing Engine"), std::string::npos) << "nothing half-applied";
  int api_checks = target_.count("/api");
  EXPECT_TRUE(eventually([&] { return target_.count("/api") > api_checks; }))
      << "the running monitors go on";
  auto dashboard = get("/admin", cookie);
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("class=\"config-error\""), std::string::npos) << dashboard.body;
  EXPECT_NE(dashboard.body.find("pharos.yaml:4:"), std::string::npos);
  std::ifstream record(dir_.file("pharos-data/pharos.reload"));
  std::string recorded((std::istreambuf_iterator<char>(record)), std::istreambuf_iterator<char>());
  EXPECT_NE(recorded.find("result error\nat "), std::string::npos) << recorded;
  EXPECT_NE(recorded.find("summary 1 error in "), std::string::npos) << recorded;
  EXPECT_NE(get("/metrics").body.find("pharos_config_reloads_total{result=\"error\"} 1"),
            std::string::npos);

  // Fixed: the banner goes, the change is applied.
  write_config(with_billing(false));
  auto fixed = cli({"config", "reload"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_NE(get("/").body.find("Billing Engine"), std::string::npos);
  dashboard = get("/admin", cookie);
  EXPECT_EQ(dashboard.body.find("class=\"config-error\""), std::string::npos);
  EXPECT_NE(dashboard.body.find("Config reloaded at"), std::string::npos);
}

TEST_F(ReloadTest, KeepAliveConnectionSurvivesAReload) {
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  std::string request =
      "GET /api/v2/components.json HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
      "\r\n\r\n";
  ASSERT_TRUE(testing::send_all(fd, request));
  auto first = testing::read_response(fd);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.find("Billing Engine"), std::string::npos);

  write_config(with_billing(true));
  ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return generation() == 1; }));

  ASSERT_TRUE(testing::send_all(fd, request)) << "same connection";
  auto second = testing::read_response(fd);
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Billing Engine"), std::string::npos);
  ::close(fd);
}

// pages: live (issue 20): a page added by a reload is served at its path with only its
// components, in HTML and /api/v2; made private, it refuses an anonymous reader; removed, it is
// gone.
TEST_F(ReloadTest, ReloadAddsAPageMakesItPrivateAndRemovesIt) {
  auto with_page = [&](const std::string& access) {
    return with_billing(false) +
           "pages:\n  - { slug: partners, name: Partner Status, path: /partners, "
           "components: [billing]" +
           (access.empty() ? "" : ", access: " + access) + " }\n";
  };
  EXPECT_EQ(get("/partners").status, 404) << "no such page before the reload";

  write_config(with_page(""));
  auto reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("+1 page, -0, ~0 changed"), std::string::npos) << reloaded.out;
  EXPECT_EQ(reloaded.out.find("needs a restart"), std::string::npos) << reloaded.out;

  auto page = get("/partners");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Partner Status"), std::string::npos);
  EXPECT_NE(page.body.find("Billing Engine"), std::string::npos);
  EXPECT_EQ(page.body.find("Public API"), std::string::npos) << "only its components";
  auto api = get("/partners/api/v2/components.json");
  ASSERT_EQ(api.status, 200);
  EXPECT_NE(api.body.find("\"Billing Engine\""), std::string::npos) << api.body;
  EXPECT_EQ(api.body.find("\"Public API\""), std::string::npos) << api.body;
  EXPECT_NE(get("/").body.find("Public API"), std::string::npos) << "the main page stays";

  // Private: an anonymous API client gets 401, a browser the login redirect; the main page
  // stays public.
  write_config(with_page("private"));
  reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("+0 pages, -0, ~1 changed"), std::string::npos) << reloaded.out;
  EXPECT_EQ(get("/partners/api/v2/summary.json").status, 401);
  EXPECT_EQ(get("/partners/").status, 303);
  EXPECT_EQ(get("/api/v2/summary.json").status, 200);

  // The main page private too (page.access is live), then public again.
  write_config("page: { name: Acme, access: private }\n" +
               with_page("").substr(with_page("").find("components:")));
  reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("main page access changed"), std::string::npos) << reloaded.out;
  EXPECT_EQ(get("/api/v2/summary.json").status, 401);
  EXPECT_EQ(get("/partners/api/v2/summary.json").status, 200) << "public again";

  // Removed: its path is no page any more.
  write_config(with_billing(false));
  reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_EQ(get("/partners").status, 404);
  EXPECT_EQ(get("/partners/api/v2/components.json").status, 404);
  EXPECT_EQ(get("/api/v2/summary.json").status, 200) << "the main page public again";
}

TEST_F(ReloadTest, SettingsThatNeedARestartKeepTheirRunningValue) {
  write_config("listen: 127.0.0.1:1\n" + base_config());
  auto reloaded = cli({"config", "reload"});
  ASSERT_EQ(reloaded.exit_code, 0) << reloaded.out << reloaded.err;
  EXPECT_NE(reloaded.out.find("needs a restart: listen"), std::string::npos) << reloaded.out;
  EXPECT_EQ(get("/").status, 200) << "still listening where it was";
}

TEST_F(ReloadTest, CliSaysSoWhenNoServerRuns) {
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_FALSE(std::ifstream(dir_.file("pharos-data/pharos.pid")).good())
      << "removed on a clean exit";
  auto none = cli({"config", "reload"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no pharos server is running"), std::string::npos) << none.err;

  // A pid file left by a crash names a process that is gone (or not pharos): stale.
  std::ofstream(dir_.file("pharos-data/pharos.pid")) << "999999\n";
  auto stale = cli({"config", "reload"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.err.find("stale"), std::string::npos) << stale.err;
}

}  // namespace
}  // namespace pharos
