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
#include <libpq-fe.h>

#include <boost/json.hpp>
#include <future>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "support/http_client.h"
#include "support/json_lines.h"
#include "support/loopback_http.h"
#include "support/postgres.h"
#include "support/postgres_suite.h"
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
  int port() const { return server_.port(); }
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
  std::string answer(const std::string& from) {
    bool fail;
    {
      std::lock_guard lock(mu_);
      fail = failing_.count(from) > 0;
      hits_.emplace_back(from, now());
    }
    return fail ? testing::LoopbackHttp::response("500 Internal Server Error", "sick")
                : testing::LoopbackHttp::response("200 OK", "ok");
  }

  const Steady::time_point start_ = Steady::now();
  mutable std::mutex mu_;
  std::set<std::string> failing_;
  std::vector<std::pair<std::string, milliseconds>> hits_;
  // Last: it is stopped (its thread joined) before the members its answers use go.
  testing::LoopbackHttp server_{
      [this](const std::string&, const std::string& peer) { return answer(peer); }};
};

struct NodeSpec {
  std::string location;
  std::string address;
};
// Locations a (two nodes), b and c.
const NodeSpec kNodes[] = {
    {"a", "127.0.0.2"}, {"a", "127.0.0.3"}, {"b", "127.0.0.4"}, {"c", "127.0.0.5"}};

class ClusterTest : public PostgresSuite {
 protected:
  ClusterTest() : PostgresSuite("cluster_") {}

  void prepare() override {
    ASSERT_GT(target_.port(), 0);
    std::string url = url_;
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
    return std::atoll(
        run_process({"/usr/bin/psql", "-At", "-h", "127.0.0.1", "-p",
                     std::to_string(server_->port()), "-U", "postgres", "-d", db_, "-c", sql},
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

  // Starts one more node of `location` (no source address), waiting until it listens.
  ServerProcess& start_node(const std::string& location) {
    nodes_.push_back(
        std::make_unique<ServerProcess>(dir_.path().string(), std::vector<std::string>{},
                                        std::vector<std::string>{"--location", location}));
    return *nodes_.back();
  }

  // An admin user and a write token for the management API, made with the CLI on the database.
  std::string write_token() {
    auto run = [&](std::vector<std::string> args, const std::string& input = "") {
      args.insert(args.begin(), PHAROS_BINARY);
      return run_process(args, dir_.path().string(), input, 60);
    };
    auto user = run({"user", "add", "ada", "--role", "admin", "--password-stdin"},
                    "correct horse battery staple\n");
    EXPECT_EQ(user.exit_code, 0) << user.err;
    auto token = run({"token", "create", "--user", "ada", "--scope", "write", "--json"});
    EXPECT_EQ(token.exit_code, 0) << token.err;
    auto parsed = json_object(token.out);
    if (!parsed || !parsed->contains("token")) return "";
    return std::string(parsed->at("token").as_string());
  }

  // A management API call on node `i`.
  HttpResponse manage(std::size_t i, const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "") {
    int fd = connect_local(nodes_[i]->port());
    if (fd < 0) return {};
    std::string raw =
        method + " /api/manage/v1" + target +
        " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    send_all(fd, raw);
    auto response = read_response(fd, false, 20000);
    close(fd);
    return response;
  }

  SourceTarget target_;
  TempDir dir_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

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
  ASSERT_TRUE(wait_for(milliseconds(20000), [&] {
    return count("SELECT count(*) FROM incidents WHERE status = 'resolved'") == 1;
  }));
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

// A config reload on PostgreSQL (docs/scale-out.md, runbook): every node re-reads the same file
// on SIGHUP; a monitor added is checked by exactly one node of the location, never twice, and a
// monitor removed is checked by none.
TEST_F(ClusterTest, AMonitorAddedByAReloadOnEveryNodeIsCheckedOnceAndStopsWhenRemoved) {
  SourceTarget added;
  ASSERT_GT(added.port(), 0);
  ServerProcess& first = start_node("a");
  ASSERT_TRUE(first.started()) << first.output();
  ServerProcess& second = start_node("a");
  ASSERT_TRUE(second.started()) << second.output();
  ASSERT_TRUE(wait_for(milliseconds(15000), [&] { return alive_nodes(0) == 2; }));

  std::string base;
  {
    std::ifstream in(dir_.file("pharos.yaml"));
    base.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::ofstream(dir_.file("pharos.yaml"), std::ios::trunc)
      << base
      << "  - { name: added, component: api, kind: http, url: \"http://127.0.0.1:" << added.port()
      << "/\", interval: 1s, timeout: 800ms, fall: 1, rise: 1 }\n";
  for (auto& n : nodes_) ASSERT_EQ(kill(n->pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for(milliseconds(10000), [&] { return added.hits("127.0.0.1").size() >= 2; }))
      << "the added monitor is checked";
  milliseconds t0 = added.now();
  std::this_thread::sleep_for(milliseconds(4000));
  auto hits = added.hits("127.0.0.1", t0);
  EXPECT_GE(hits.size(), 3u);
  for (std::size_t i = 1; i < hits.size(); ++i)
    EXPECT_GE(hits[i] - hits[i - 1], milliseconds(500)) << "checked twice in one slot: hit " << i;

  std::ofstream(dir_.file("pharos.yaml"), std::ios::trunc) << base;
  for (auto& n : nodes_) ASSERT_EQ(kill(n->pid(), SIGHUP), 0);
  std::this_thread::sleep_for(milliseconds(1500));  // both nodes reloaded
  std::size_t after = added.hits("127.0.0.1").size();
  std::this_thread::sleep_for(milliseconds(3000));
  EXPECT_EQ(added.hits("127.0.0.1").size(), after) << "no node checks the removed monitor";
  EXPECT_FALSE(target_.hits("127.0.0.1", target_.now() - milliseconds(2500)).empty())
      << "the kept monitor goes on";
  for (auto& n : nodes_) EXPECT_EQ(n->stop(), 0) << n->output();
}

// The webhook receiver's records so far (a line still being written is skipped).
std::vector<boost::json::object> received(const std::string& path) {
  std::vector<boost::json::object> out;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (auto o = json_object(line)) out.push_back(std::move(*o));
  }
  return out;
}

TEST_F(ClusterTest, AWebhookBurstThroughANodeKilledMidwayArrivesWholeInOrderNeverTwiceByLiveNodes) {
  // A receiver that records each request (and which process sent it) and then waits 300 ms
  // before answering: a node killed right after a record appears dies with that delivery sent
  // but not recorded as done.
  std::string hooks = dir_.file("hooks.jsonl");
  ChildProcess receiver(
      {"/usr/bin/python3",
       std::string(PHAROS_SOURCE_DIR) + "/tests/integration/notify/webhook_receiver.py", "--out",
       hooks, "--port", "0", "--slow-seconds", "0.3", "--peer-process", "--record-first"});
  std::string port_line = receiver.read_line();
  ASSERT_FALSE(port_line.empty());
  std::ofstream(dir_.file("pharos.yaml"))
      << "page: { name: Acme }\nstorage: \"" << url_ << "\"\n"
      << "components:\n  - { id: api, name: API }\n"
      << "node: { lease_ttl: 2s }\n"
      << "notify:\n  - { kind: webhook, url: \"http://127.0.0.1:" << port_line
      << "/slow/hook\", secret: s3cret }\n"
      << "  - { kind: delivery, backoff_base: 100ms, backoff_max: 400ms }\n";
  std::string token = write_token();
  ASSERT_FALSE(token.empty());
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(start_node("default").started()) << nodes_.back()->output();
  ASSERT_TRUE(wait_for(milliseconds(10000), [&] { return alive_nodes(0) == 3; }));

  // The burst: component changes made through every node in turn; one node is killed halfway,
  // chosen among those that have delivered, and the burst goes on through the others.
  const int kEvents = 40;
  auto burst_start = Steady::now();
  std::size_t victim = nodes_.size();
  std::size_t delivered_before_kill = 0;
  std::string in_flight;  // the delivery the killed node was sending
  auto post_event = [&](int i) {
    std::size_t via = static_cast<std::size_t>(i) % nodes_.size();
    if (via == victim) via = (via + 1) % nodes_.size();
    return manage(via, "PATCH", "/components/api", token,
                  std::string("{\"component\":{\"status\":\"") +
                      (i % 2 == 0 ? "degraded_performance" : "operational") + "\"}}");
  };
  auto distinct = [](const std::vector<boost::json::object>& lines) {
    std::set<std::string> ids;
    for (const auto& l : lines) ids.insert(std::string(l.at("delivery").as_string()));
    return ids.size();
  };
  for (int i = 0; i < kEvents; ++i) {
    bool posted = false;
    if (i == kEvents / 2) {
      // Kill the sender of the next request to arrive while it waits for the answer.
      ASSERT_TRUE(wait_for(milliseconds(10000), [&] { return !received(hooks).empty(); }));
      std::size_t before = received(hooks).size();
      // On a slow machine the receiver may have drained the first half already: then this
      // event is the one to catch in flight, posted before waiting.
      if (distinct(received(hooks)) == static_cast<std::size_t>(i)) {
        auto r = post_event(i);
        ASSERT_EQ(r.status, 200) << "event " << i << ": " << r.body;
        posted = true;
      }
      std::vector<boost::json::object> now;
      auto deadline = Steady::now() + milliseconds(10000);
      while ((now = received(hooks)).size() == before && Steady::now() < deadline)
        std::this_thread::sleep_for(milliseconds(5));
      ASSERT_GT(now.size(), before) << "no delivery in flight halfway through the burst";
      auto sender = static_cast<pid_t>(now.back().at("pid").as_int64());
      for (std::size_t n = 0; n < nodes_.size(); ++n) {
        if (nodes_[n]->pid() == sender) victim = n;
      }
      ASSERT_LT(victim, nodes_.size()) << "the sender " << sender << " is no node";
      ASSERT_EQ(kill(sender, SIGKILL), 0);
      in_flight = std::string(now.back().at("delivery").as_string());
      delivered_before_kill = now.size();
    }
    if (posted) continue;
    auto r = post_event(i);
    ASSERT_EQ(r.status, 200) << "event " << i << ": " << r.body;
  }

  // Every event arrives: the killed node's claims pass to the others after its lease expires.
  std::vector<boost::json::object> lines;
  std::set<std::string> ids;
  wait_for(milliseconds(30000), [&] {
    lines = received(hooks);
    ids.clear();
    for (const auto& l : lines) ids.insert(std::string(l.at("delivery").as_string()));
    return ids.size() >= static_cast<std::size_t>(kEvents);
  });
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(kEvents));
  std::printf("%zu requests before the kill, %zu in all for %d events, all in %lld ms\n",
              delivered_before_kill, lines.size(), kEvents,
              static_cast<long long>(
                  std::chrono::duration_cast<milliseconds>(Steady::now() - burst_start).count()));

  // In order per recipient, retries included: each copy's sequence number is at least the one
  // before it (a resent delivery comes before anything later, which waited behind it).
  std::vector<long> sequence;
  std::map<std::string, std::vector<pid_t>> senders;  // delivery id → the processes that sent it
  std::set<pid_t> live_senders;
  for (const auto& l : lines) {
    std::string id(l.at("delivery").as_string());
    EXPECT_EQ(id, std::string(l.at("idempotency_key").as_string()));
    sequence.push_back(std::stol(id.substr(0, id.find('-'))));
    auto pid = static_cast<pid_t>(l.at("pid").as_int64());
    senders[id].push_back(pid);
    if (pid != nodes_[victim]->pid()) live_senders.insert(pid);
  }
  EXPECT_TRUE(std::is_sorted(sequence.begin(), sequence.end()));
  // The events in the order they were made: statuses alternate from the first.
  std::vector<std::pair<long, std::string>> firsts;
  std::set<std::string> seen;
  for (const auto& l : lines) {
    std::string id(l.at("delivery").as_string());
    if (!seen.insert(id).second) continue;
    auto body = boost::json::parse(l.at("body").as_string()).as_object();
    firsts.emplace_back(std::stol(id.substr(0, id.find('-'))),
                        std::string(body.at("component_update").at("new_status").as_string()));
  }
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    EXPECT_EQ(firsts[i].second, i % 2 == 0 ? "degraded_performance" : "operational") << i;
  }
  // Never twice by live nodes: a delivery sent more than once was sent by the killed node, whose
  // claim expired with it, and once by a live node after that.
  std::size_t duplicates = 0;
  for (const auto& [id, pids] : senders) {
    std::size_t by_live = 0;
    for (pid_t pid : pids) {
      EXPECT_NE(pid, 0) << id << ": sender not found";
      if (pid != nodes_[victim]->pid()) ++by_live;
    }
    EXPECT_LE(by_live, 1u) << id << " was sent twice by live nodes";
    EXPECT_LE(pids.size(), 2u) << id;
    duplicates += pids.size() - 1;
  }
  std::printf("%zu copies resent after kill -9 (at-least-once, same idempotency id)\n", duplicates);
  // The one the killed node was sending went out again, from a live node, with the same id.
  ASSERT_EQ(senders[in_flight].size(), 2u) << in_flight;
  EXPECT_EQ(senders[in_flight][0], nodes_[victim]->pid());
  EXPECT_NE(senders[in_flight][1], nodes_[victim]->pid());
  // The live nodes went on delivering after the kill.
  EXPECT_FALSE(live_senders.empty());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (i == victim) continue;
    EXPECT_EQ(nodes_[i]->stop(), 0) << nodes_[i]->output();
  }
  receiver.stop();
}

// A PostgreSQL session holding the catalog writers' serialising lock (docs/adr/0002) while both
// nodes' writes queue behind it: each node has read the incident before either writes, the
// tightest race two nodes can run.
class CatalogLockHolder {
 public:
  explicit CatalogLockHolder(const std::string& url) : conn_(PQconnectdb(url.c_str())) {}
  ~CatalogLockHolder() { PQfinish(conn_); }
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    bool fine = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return fine;
  }
  std::int64_t count(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::int64_t n = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                         ? std::atoll(PQgetvalue(r, 0, 0))
                         : -1;
    PQclear(r);
    return n;
  }

 private:
  PGconn* conn_;
};

constexpr const char* kCatalogLock = "7415307930871546";  // db::SerialLock::kCatalog

TEST_F(ClusterTest, TwoNodesRacingOnOneIncidentEndWithOneIncidentAndOneTimeline) {
  // No monitors: the only catalog writers are the two nodes' management API calls.
  std::ofstream(dir_.file("pharos.yaml"))
      << "page: { name: Acme }\nstorage: \"" << url_ << "\"\n"
      << "components:\n  - { id: api, name: API }\n  - { id: web, name: Web }\n"
      << "node: { lease_ttl: 2s }\n";
  std::string token = write_token();
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(start_node("a").started()) << nodes_.back()->output();
  ASSERT_TRUE(start_node("b").started()) << nodes_.back()->output();
  ASSERT_TRUE(wait_for(milliseconds(10000), [&] { return alive_nodes(0) == 2; }));

  auto opened = manage(0, "POST", "/incidents", token,
                       R"({"incident":{"name":"API errors","status":"investigating",)"
                       R"("body":"Looking into it.","component_ids":["api"],)"
                       R"("components":{"api":"partial_outage"}}})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  std::string id(boost::json::parse(opened.body).at("id").as_string());
  ASSERT_TRUE(wait_for(milliseconds(1000),
                       [&] { return manage(1, "GET", "/incidents/" + id, token).status == 200; }));

  CatalogLockHolder holder(url_.substr(0, url_.rfind('/') + 1) + db_);
  ASSERT_TRUE(holder.ok());
  std::string waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";
  // Both nodes send one request while the lock is held, then it is let go; returns the statuses
  // (node a's, node b's).
  auto race = [&](const std::string& method, const std::string& target, const std::string& body_a,
                  const std::string& body_b) {
    EXPECT_TRUE(
        holder.exec(std::string("BEGIN; SELECT pg_advisory_xact_lock(") + kCatalogLock + ")"));
    auto a =
        std::async(std::launch::async, [&] { return manage(0, method, target, token, body_a); });
    auto b =
        std::async(std::launch::async, [&] { return manage(1, method, target, token, body_b); });
    bool both_waiting = wait_for(milliseconds(10000), [&] { return holder.count(waiting) >= 2; });
    EXPECT_TRUE(holder.exec("COMMIT"));
    EXPECT_TRUE(both_waiting) << "the two writes did not both queue";
    return std::make_pair(a.get().status, b.get().status);
  };

  // Updates: in each round exactly one node's write lands, the other is told it lost (409) and
  // changes nothing.
  const int kRounds = 6;
  std::vector<std::string> won, lost;
  for (int round = 0; round < kRounds; ++round) {
    std::string a = "Round " + std::to_string(round) + " from node a.";
    std::string b = "Round " + std::to_string(round) + " from node b.";
    auto [sa, sb] = race("PATCH", "/incidents/" + id,
                         R"({"incident":{"status":"identified","body":")" + a + R"("}})",
                         R"({"incident":{"status":"monitoring","body":")" + b + R"("}})");
    ASSERT_TRUE((sa == 200 && sb == 409) || (sa == 409 && sb == 200))
        << "round " << round << ": " << sa << " and " << sb;
    won.push_back(sa == 200 ? a : b);
    lost.push_back(sa == 200 ? b : a);
  }
  // Resolve from both at once: resolved once.
  auto [ra, rb] = race("POST", "/incidents/" + id + "/resolve", "{}", "{}");
  EXPECT_TRUE((ra == 200 && rb == 409) || (ra == 409 && rb == 200)) << ra << " and " << rb;

  // One incident, one timeline: the opening update, each round's winner once and in order, one
  // resolution; nothing of the losers.
  EXPECT_EQ(holder.count("SELECT count(*) FROM incidents"), 1);
  EXPECT_EQ(holder.count("SELECT count(*) FROM incident_updates"), 1 + kRounds + 1);
  EXPECT_EQ(holder.count("SELECT count(*) FROM incident_updates WHERE status = 'resolved'"), 1);
  for (const auto& body : lost) {
    EXPECT_EQ(holder.count("SELECT count(*) FROM incident_updates WHERE body = '" + body + "'"), 0)
        << body;
  }
  // Both nodes show the same timeline, newest first.
  for (std::size_t node = 0; node < 2; ++node) {
    std::vector<std::string> bodies;
    ASSERT_TRUE(wait_for(milliseconds(1000),
                         [&] {
                           auto r = manage(node, "GET", "/incidents/" + id, token);
                           if (r.status != 200) return false;
                           auto incident = boost::json::parse(r.body).as_object();
                           bodies.clear();
                           for (const auto& u : incident.at("incident_updates").as_array())
                             bodies.emplace_back(u.at("body").as_string());
                           return incident.at("status").as_string() == "resolved" &&
                                  bodies.size() == static_cast<std::size_t>(kRounds + 2);
                         }))
        << "node " << node;
    for (int round = 0; round < kRounds; ++round) {
      EXPECT_EQ(bodies[static_cast<std::size_t>(kRounds - round)],
                won[static_cast<std::size_t>(round)])
          << "node " << node << " round " << round;
    }
  }
  for (auto& n : nodes_) EXPECT_EQ(n->stop(), 0) << n->output();
}

}  // namespace
}  // namespace pharos::testing
