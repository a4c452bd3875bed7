// A real outage, end to end: the monitored address is a loopback port nobody listens on (a
// stopped target), so libcurl fails with "Failed to connect to 127.0.0.1 port N …". Automation
// opens an incident; what customers read — the page, the incident page, /history, the feeds,
// /api/v2 and a subscriber's webhook (a real receiver) — names the component and the problem and
// never the address, the port, the monitor or the library's error. The admin view and the admin
// alert route (another real receiver) show all of it.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/loopback_http.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kPassword = "a long enough password for rob";
const std::string kReceiver =
    std::string(PHAROS_SOURCE_DIR) + "/tests/integration/notify/webhook_receiver.py";

std::string read_file(const std::string& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Polls `done` every 100 ms for at most `timeout`.
template <typename F>
bool eventually(F done, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

class PublicTextTest : public ::testing::Test {
 protected:
  testing::RunResult pharos(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {PHAROS_BINARY, "--config", "pharos.yaml", "--data", "data"});
    return testing::run_process(args, dir_.path().string(), input);
  }

  int start_receiver(std::unique_ptr<testing::ChildProcess>& child, const std::string& out) {
    child = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", kReceiver, "--out", out, "--port", "0"}, "");
    std::string line = child->read_line();
    return line.empty() ? 0 : std::stoi(line);
  }

  // Every text customers can read, with where it came from.
  std::vector<std::pair<std::string, std::string>> public_texts(const std::string& incident_id) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const char* path :
         {"/", "/history", "/history.rss", "/history.atom", "/api/v2/summary.json",
          "/api/v2/status.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"}) {
      out.emplace_back(path, testing::request(port_, "GET", path).body);
    }
    std::string page = "/incidents/" + incident_id;
    out.emplace_back(page, testing::request(port_, "GET", page).body);
    out.emplace_back("subscriber webhook", read_file(dir_.file("subscriber.jsonl")));
    return out;
  }

  testing::TempDir dir_;
  int port_ = 0;
};

TEST_F(PublicTextTest, AStoppedTargetLeaksNothingToCustomersAndEverythingToAdmins) {
  int dead = testing::free_loopback_port();  // refused: nobody listens
  ASSERT_GT(dead, 0);
  std::unique_ptr<testing::ChildProcess> subscriber, oncall;
  int subscriber_port = start_receiver(subscriber, dir_.file("subscriber.jsonl"));
  int oncall_port = start_receiver(oncall, dir_.file("oncall.jsonl"));
  ASSERT_GT(subscriber_port, 0);
  ASSERT_GT(oncall_port, 0);
  std::ofstream(dir_.file("pharos.yaml"))
      << R"(page: { name: Acme, url: "https://status.acme.example", time_zone: Europe/Amsterdam }
components:
  - { id: api, name: Public API }
  - { id: web, name: Website }
monitors:
  - name: api-health
    component: api
    kind: http
    url: http://127.0.0.1:)"
      << dead << R"(/healthz
    interval: 1s
    timeout: 2s
    fall: 1
notify:
  - { kind: webhook, url: "http://127.0.0.1:)"
      << oncall_port << R"(/oncall", secret: s3cret }
  - { kind: delivery, backoff_base: 100ms, backoff_max: 400ms }
)";
  auto added = pharos({"user", "add", "rob", "--role", "responder", "--password-stdin"},
                      std::string(kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto sub = pharos({"subscriber", "add", "--webhook",
                     "http://127.0.0.1:" + std::to_string(subscriber_port) + "/hook"});
  ASSERT_EQ(sub.exit_code, 0) << sub.err;

  testing::ServerProcess server(dir_.path().string(),
                                {"--config", "pharos.yaml", "--data", "data"});
  ASSERT_TRUE(server.started()) << server.output();
  port_ = server.port();

  std::string incident_id, body;
  ASSERT_TRUE(eventually(
      [&] {
        auto r = testing::request(port_, "GET", "/api/v2/incidents/unresolved.json");
        auto list = json::parse(r.body).at("incidents").as_array();
        if (list.empty()) return false;
        incident_id = std::string(list[0].at("id").as_string());
        body = std::string(list[0].at("incident_updates").at(0).at("body").as_string());
        return true;
      },
      20s))
      << server.output();
  EXPECT_EQ(body, "We are investigating a major outage of Public API.");
  ASSERT_TRUE(eventually(
      [&] {
        return read_file(dir_.file("subscriber.jsonl")).find("incident.updated") !=
               std::string::npos;
      },
      20s))
      << "the subscriber's webhook got the incident";
  ASSERT_TRUE(eventually(
      [&] { return read_file(dir_.file("oncall.jsonl")).find("api-health") != std::string::npos; },
      20s))
      << "the admin alert route got the detail: " << read_file(dir_.file("oncall.jsonl"));

  const std::string port_text = std::to_string(dead);
  for (const auto& [where, text] : public_texts(incident_id)) {
    EXPECT_FALSE(text.empty()) << where;
    for (const std::string& secret :
         {std::string("127.0.0.1"), ":" + port_text, "port " + port_text, std::string("api-health"),
          std::string("Failed to connect"), std::string("Couldn't connect")}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << where << " leaks '" << secret << "'";
    }
  }
  EXPECT_NE(read_file(dir_.file("subscriber.jsonl")).find("Public API"), std::string::npos);

  // The admin incident page shows what happened, marked as internal.
  int fd = testing::connect_local(port_);
  std::string form = "name=rob&password=" + std::string(kPassword) + "&next=%2Fadmin";
  ASSERT_TRUE(testing::send_all(fd,
                                "POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                "application/x-www-form-urlencoded\r\nContent-Length: " +
                                    std::to_string(form.size()) + "\r\nConnection: close\r\n\r\n" +
                                    form));
  auto login = testing::read_response(fd, false, 10'000);
  ::close(fd);
  ASSERT_EQ(login.status, 303) << login.body;
  std::string cookie = login.header("set-cookie").substr(0, login.header("set-cookie").find(';'));
  auto admin = testing::request(port_, "GET", "/admin/incidents/" + incident_id,
                                "Cookie: " + cookie + "\r\n");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_NE(admin.body.find("Internal detail"), std::string::npos) << admin.body;
  EXPECT_NE(admin.body.find("api-health failed"), std::string::npos) << admin.body;
  EXPECT_NE(admin.body.find("127.0.0.1"), std::string::npos) << admin.body;
  EXPECT_NE(admin.body.find("port " + port_text), std::string::npos) << admin.body;
}

}  // namespace
}  // namespace pharos
