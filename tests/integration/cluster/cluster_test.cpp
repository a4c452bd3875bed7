// Several `pharos serve` nodes on one PostgreSQL (docs/scale-out.md): four nodes in three
// locations, each location with its own loopback source address, checking one target that fails
// only for chosen source addresses. One throwaway server per binary, one database per test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/postgres.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// An HTTP target on 127.0.0.1 that answers 500 to connections from the failing source
// addresses and 200 otherwise, recording each request's source address and time.
class SourceTarget {
 public:
  SourceTarget() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd_, 64) != 0) return;
    socklen_t len = sizeof a;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~SourceTarget() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }

  int port() const { return port_; }
  void fail_for(std::set<std::string> addresses) {
    std::lock_guard lock(mu_);
    failing_ = std::move(addresses);
  }
  // Request times (since construction) from `address`, those from `since` on.
  std::vector<milliseconds> hits(const std::string& address,
                                 milliseconds since = milliseconds(0)) const {
    std::lock_guard lock(mu_);
    std::vector<milliseconds> out;
    for (const auto& [from, at] : hits_) {
      if (from == address && at >= since) out.push_back(at);
    }
    return out;
  }
  milliseconds now() const {
    return std::chrono::duration_cast<milliseconds>(Steady::now() - start_);
  }

 private:
  void run() {
    // Bounded: the test ends it; no loop outlives the object.
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      sockaddr_in peer{};
      socklen_t len = sizeof peer;
      int c = accept(fd_, reinterpret_cast<sockaddr*>(&peer), &len);
      if (c < 0) continue;
      char addr[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof addr);
      serve_one(c, addr);
      close(c);
    }
  }
  void serve_one(int c, const std::string& from) {
    std::string request;
    char buf[2048];
    auto deadline = Steady::now() + milliseconds(2000);
    while (request.find("\r\n\r\n") == std::string::npos && Steady::now() < deadline) {
      pollfd p{c, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) return;
      request.append(buf, static_cast<std::size_t>(n));
    }
    bool fail;
    {
      std::lock_guard lock(mu_);
      fail = failing_.count(from) > 0;
      hits_.emplace_back(from, std::chrono::duration_cast<milliseconds>(Steady::now() - start_));
    }
    std::string body = fail ? "sick" : "ok";
    std::string response = std::string("HTTP/1.1 ") + (fail ? "500 Internal Server Error" : "200 OK") +
                           "\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\nConnection: close\r\n\r\n" + body;
    send_all(c, response);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  const Steady::time_point start_ = Steady::now();
  mutable std::mutex mu_;
  std::set<std::string> failing_;
  std::vector<std::pair<std::string, milliseconds>> hits_;
  std::thread thread_;
};

struct NodeSpec {
  std::string location;
  std::string address;
};
// Locations a (two nodes), b and c.
const NodeSpec kNodes[] = {
    {"a", "127.0.0.2"}, {"a", "127.0.0.3"}, {"b", "127.0.0.4"}, {"c", "127.0.0.5"}};

class ClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = PostgresServer::start(&why_).release(); }
  static void TearDownTestSuite() { delete server_; }

  void SetUp() override {
    if (!server_) GTEST_SKIP() << "PostgreSQL tests skipped: " << why_;
    ASSERT_GT(target_.port(), 0);
    static int next = 0;
    db_ = "cluster_" + std::to_string(next++);
    std::string url = server_->create_database(db_);
    std::ofstream(dir_.file("pharos.yaml"))
        << "page: { name: Acme }\nstorage: \"" << url << "\"\n"
        << "components:\n  - { id: api, name: API }\n"
        << "automation: { monitoring_after: 1s, resolve_after: 1s }\n"
        << "node: { lease_ttl: 3s }\n"
        << "monitors:\n  - { name: api, component: api, kind: http, url: \"http://127.0.0.1:"
        << target_.port() << "/\", interval: 1s, timeout: 800ms, fall: 1, rise: 1 }\n";
  }

  void start_nodes() {
    for (const auto& n : kNodes) {
      nodes_.push_back(std::make_unique<ServerProcess>(
          dir_.path().string(), std::vector<std::string>{},
          std::vector<std::string>{"--location", n.location, "--source-address", n.address}));
      ASSERT_TRUE(nodes_.back()->started()) << nodes_.back()->output();
    }
    // Every node has joined once any node lists four alive.
    ASSERT_TRUE(wait_for(milliseconds(15000), [&] { return alive_nodes(0) == 4; }))
        << request(nodes_[0]->port(), "GET", "/readyz").body;
  }

  int alive_nodes(std::size_t i) {
    std::string ready = request(nodes_[i]->port(), "GET", "/readyz").body;
    int alive = 0;
    for (std::size_t at = 0; (at = ready.find("state=alive", at)) != std::string::npos; ++at)
      ++alive;
    return alive;
  }

  // True when the node's public API lists an unresolved incident.
  bool shows_incident(std::size_t i) {
    auto r = request(nodes_[i]->port(), "GET", "/api/v2/incidents/unresolved.json");
    return r.status == 200 && r.body.find("\"incidents\":[]") == std::string::npos;
  }

  std::int64_t count(const std::string& sql) {
    return std::atoll(run_process({"/usr/bin/psql", "-At", "-h", "127.0.0.1", "-p",
                                   std::to_string(server_->port()), "-U", "postgres", "-d", db_,
                                   "-c", sql},
                                  "", "", 30)
                          .out.c_str());
  }

  template <typename F>
  static bool wait_for(milliseconds limit, F&& done) {
    auto deadline = Steady::now() + limit;
    while (Steady::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(50));
    }
    return done();
  }

  static PostgresServer* server_;
  static std::string why_;
  SourceTarget target_;
  TempDir dir_;
  std::string db_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

PostgresServer* ClusterTest::server_ = nullptr;
std::string ClusterTest::why_;

TEST_F(ClusterTest, OneLocationFailingIsNoIncidentTwoAreOneShownByEveryNodeWithinASecond) {
  start_nodes();
  // Every location checks: hits from a, b and c.
  ASSERT_TRUE(wait_for(milliseconds(10000), [&] {
    return !target_.hits("127.0.0.4").empty() && !target_.hits("127.0.0.5").empty() &&
           (!target_.hits("127.0.0.2").empty() || !target_.hits("127.0.0.3").empty());
  }));

  target_.fail_for({"127.0.0.5"});  // location c only
  std::this_thread::sleep_for(milliseconds(5000));
  for (std::size_t i = 0; i < nodes_.size(); ++i) EXPECT_FALSE(shows_incident(i)) << "node " << i;
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 0);

  target_.fail_for({"127.0.0.4", "127.0.0.5"});  // b and c: a majority of three
  Steady::time_point first{};
  ASSERT_TRUE(wait_for(milliseconds(15000), [&] {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (shows_incident(i)) return true;
    }
    return false;
  }));
  first = Steady::now();
  ASSERT_TRUE(wait_for(milliseconds(1000), [&] {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!shows_incident(i)) return false;
    }
    return true;
  })) << "not every node showed the incident within 1 s";
  EXPECT_LE(Steady::now() - first, milliseconds(1000));
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 1);

  target_.fail_for({});
  ASSERT_TRUE(wait_for(milliseconds(20000),
                       [&] { return count("SELECT count(*) FROM incidents WHERE status = 'resolved'") == 1; }));
  std::this_thread::sleep_for(milliseconds(2000));
  EXPECT_EQ(count("SELECT count(*) FROM incidents"), 1);
  // Resolved once: one resolving update in its timeline.
  EXPECT_EQ(count("SELECT count(*) FROM incident_updates WHERE status = 'resolved'"), 1);
  for (auto& n : nodes_) EXPECT_EQ(n->stop(), 0) << n->output();
}

TEST_F(ClusterTest, AKilledNodesChecksResumeWithinLeaseExpiryPlusOneIntervalNeverTwice) {
  start_nodes();
  // Location a has two nodes; whichever checks `api` from a is the one to kill.
  ASSERT_TRUE(wait_for(milliseconds(10000), [&] {
    return !target_.hits("127.0.0.2").empty() || !target_.hits("127.0.0.3").empty();
  }));
  // Settled: the leases were rebalanced while the nodes joined; from here on, one checker each.
  std::this_thread::sleep_for(milliseconds(1500));
  milliseconds t0 = target_.now();
  std::this_thread::sleep_for(milliseconds(1500));
  std::size_t victim = target_.hits("127.0.0.2", t0).empty() ? 1 : 0;
  std::string survivor_address = kNodes[1 - victim].address;
  ASSERT_EQ(kill(nodes_[victim]->pid(), SIGKILL), 0);
  auto killed_at = Steady::now();
  // lease_ttl 3 s + interval 1 s (+ a heartbeat round of slack for the survivor's wake-up).
  std::size_t before = target_.hits(survivor_address).size();
  ASSERT_TRUE(wait_for(milliseconds(6000), [&] {
    return target_.hits(survivor_address).size() > before;
  })) << "location a's checks did not resume";
  auto resumed = Steady::now() - killed_at;
  EXPECT_LE(resumed, milliseconds(3000 + 1000 + 500))
      << std::chrono::duration_cast<milliseconds>(resumed).count() << " ms";
  std::this_thread::sleep_for(milliseconds(3000));

  // No interval of location a checked twice by two live nodes: its checks, merged, are an
  // interval apart (a slot checked twice would show as two hits close together).
  for (const auto& address : {std::string("127.0.0.4"), std::string("127.0.0.5")}) {
    auto h = target_.hits(address, t0);
    for (std::size_t i = 1; i < h.size(); ++i)
      EXPECT_GE(h[i] - h[i - 1], milliseconds(500)) << address << " hit " << i;
  }
  auto a = target_.hits("127.0.0.2", t0);
  auto b = target_.hits("127.0.0.3", t0);
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  for (std::size_t i = 1; i < a.size(); ++i)
    EXPECT_GE(a[i] - a[i - 1], milliseconds(500)) << "location a hit " << i;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (i == victim) continue;
    EXPECT_EQ(nodes_[i]->stop(), 0) << nodes_[i]->output();
  }
}

}  // namespace
}  // namespace pharos::testing
