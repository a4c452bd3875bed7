// Connection pressure against the real `pharos serve` on 127.0.0.1:0: hostile clients hold more
// sockets than the server's cap, the page still answers. Every loop is bounded in count and time.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/pharos_cli.h"
#include "support/server_process.h"

namespace pharos {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// This process holds ~2,600 sockets: its own soft limit goes to the hard one. Returns the soft
// limit now.
rlim_t raise_own_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

// A non-blocking TCP connection to 127.0.0.1:port from `source` (any 127.0.0.0/8 address);
// -1 on failure. The connect may still be in progress.
int open_socket(int port, const char* source = nullptr) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  if (source) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source, &from.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// Hostile clients: `idle` connect and send nothing; `slow` send a request head one header line
// per second and never finish it (slowloris). Whatever the server closes is opened again, at
// most `reopen_per_round` per round, so the pressure stays on.
class HostileClients {
 public:
  HostileClients(int port, std::size_t idle, std::size_t slow) : port_(port) {
    for (std::size_t i = 0; i < idle + slow; ++i) clients_.push_back({-1, i >= idle, Clock::now()});
  }
  ~HostileClients() {
    for (auto& c : clients_) {
      if (c.fd >= 0) close(c.fd);
    }
  }

  // One round: notices closed sockets, reopens some, advances the slow ones. Waits at most
  // `wait` for events.
  void round(milliseconds wait, std::size_t reopen_per_round) {
    std::vector<pollfd> fds;
    for (auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
    poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    std::size_t reopened = 0;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      Client& c = clients_[i];
      if (c.fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buf[512];
        if (recv(c.fd, buf, sizeof buf, 0) != -1 || errno != EAGAIN) {
          close(c.fd);  // closed by the server (or it answered): a slot was taken back
          c.fd = -1;
          ++closed_by_server_;
        }
      }
      if (c.fd < 0 && reopened < reopen_per_round) {
        c.fd = open_socket(port_);
        c.next_line = Clock::now();
        c.lines = 0;
        ++reopened;
        ++opened_;
      }
      if (c.slow && c.fd >= 0 && Clock::now() >= c.next_line) {
        std::string line = c.lines == 0 ? "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" : "X-Slow: 1\r\n";
        if (send(c.fd, line.data(), line.size(), MSG_NOSIGNAL) > 0) ++c.lines;
        c.next_line = Clock::now() + milliseconds(1000);
      }
    }
  }

  std::size_t open_count() const {
    return static_cast<std::size_t>(
        std::count_if(clients_.begin(), clients_.end(), [](const Client& c) { return c.fd >= 0; }));
  }
  std::size_t opened() const { return opened_; }
  std::size_t closed_by_server() const { return closed_by_server_; }

 private:
  struct Client {
    int fd;
    bool slow;
    Clock::time_point next_line;
    int lines = 0;
  };
  int port_;
  std::vector<Client> clients_;
  std::size_t opened_ = 0;
  std::size_t closed_by_server_ = 0;
};

class ConnPressureTest : public testing::PharosCliTest {
 protected:
  void SetUp() override {
    write_config(R"(page: { name: Acme, url: "https://status.acme.example" }
components: [ { id: api, name: API } ]
http: { max_connections_per_address: 0 }
)");
  }

  // Starts `pharos serve` with `serve_args`; returns its port, or 0 (a failure) when it did not.
  int serve(std::vector<std::string> serve_args) {
    server_ = std::make_unique<testing::ServerProcess>(
        dir_.path().string(), std::vector<std::string>{}, std::move(serve_args));
    if (!server_->started()) ADD_FAILURE() << "pharos serve did not start: " << server_->output();
    return server_->port();
  }

  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(ConnPressureTest, PageAnswersEveryProbeWhileIdleAndSlowClientsHoldMoreThanTheCap) {
  constexpr std::size_t kIdle = 2000, kSlow = 500, kCap = 1000;
  if (raise_own_fd_limit() < kIdle + kSlow + 200) GTEST_SKIP() << "the fd hard limit is too low";
  // Long idle and request timeouts: only pressure can free the slots within this test.
  int port = serve({"--max-connections", std::to_string(kCap), "--idle-timeout", "60s",
                    "--request-timeout", "60s"});
  ASSERT_GT(port, 0);
  HostileClients hostile(port, kIdle, kSlow);
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (hostile.opened() < kIdle + kSlow && Clock::now() < deadline) {
    hostile.round(milliseconds(10), 500);
  }
  ASSERT_GE(hostile.opened(), kIdle + kSlow) << "every hostile client connected once";

  constexpr int kProbes = 20;
  std::vector<int> statuses;
  std::vector<long> latencies_ms;
  for (int probe = 0; probe < kProbes; ++probe) {
    for (int i = 0; i < 3; ++i) hostile.round(milliseconds(50), 200);  // keep the pressure on
    auto started = Clock::now();
    testing::HttpResponse r = testing::request(port, "GET", "/");
    statuses.push_back(r.status);
    latencies_ms.push_back(
        std::chrono::duration_cast<milliseconds>(Clock::now() - started).count());
  }
  std::ostringstream seen;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    seen << statuses[i] << " in " << latencies_ms[i] << " ms; ";
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), kProbes) << seen.str();
  // The scenario really was hostile: more sockets than the cap were held, and the server had to
  // take slots back (2,500 against a cap of 1,000).
  EXPECT_GE(hostile.closed_by_server(), kIdle + kSlow - kCap);
  EXPECT_EQ(server_->stop(), 0) << "still shuts down gracefully";
}

TEST_F(ConnPressureTest, ServeRaisesTheSoftFdLimitToTheHardLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max == RLIM_INFINITY || saved.rlim_max < 2048) {
    GTEST_SKIP() << "the hard limit leaves nothing to raise";
  }
  rlimit low = saved;
  low.rlim_cur = 1024;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  int port = serve({});  // the child inherits the low soft limit
  setrlimit(RLIMIT_NOFILE, &saved);
  ASSERT_GT(port, 0);
  std::ifstream limits("/proc/" + std::to_string(server_->pid()) + "/limits");
  std::string line, soft, hard;
  while (std::getline(limits, line)) {
    if (line.rfind("Max open files", 0) != 0) continue;
    std::istringstream(line.substr(std::string("Max open files").size())) >> soft >> hard;
  }
  EXPECT_EQ(soft, std::to_string(saved.rlim_max));
  EXPECT_EQ(hard, std::to_string(saved.rlim_max));
}

TEST_F(ConnPressureTest, OneAddressCannotTakeMoreThanItsShare) {
  write_config(R"(page: { name: Acme, url: "https://status.acme.example" }
components: [ { id: api, name: API } ]
http: { max_connections_per_address: 3 }
)");
  int port = serve({"--idle-timeout", "30s"});
  ASSERT_GT(port, 0);
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    int fd = testing::connect_local(port);
    ASSERT_GE(fd, 0);
    // Served, so the session certainly exists before the next one arrives.
    ASSERT_TRUE(testing::send_all(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(testing::read_response(fd).status, 200);
    held.push_back(fd);
  }
  int fourth = testing::connect_local(port);
  ASSERT_GE(fourth, 0);
  EXPECT_TRUE(testing::closed_within(fourth, 3000)) << "a fourth from 127.0.0.1 is refused";
  close(fourth);
  int other = open_socket(port, "127.0.0.2");
  ASSERT_GE(other, 0);
  int flags = fcntl(other, F_GETFL);
  fcntl(other, F_SETFL, flags & ~O_NONBLOCK);
  pollfd p{other, POLLOUT, 0};
  ASSERT_EQ(poll(&p, 1, 3000), 1);
  ASSERT_TRUE(testing::send_all(other, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(testing::read_response(other).status, 200) << "127.0.0.2 has its own share";
  close(other);
  close(held.back());
  held.pop_back();
  testing::HttpResponse again;
  for (int i = 0; i < 40 && again.status != 200; ++i) {
    again = testing::request(port, "GET", "/healthz");
    if (again.status != 200) usleep(50 * 1000);
  }
  EXPECT_EQ(again.status, 200) << "a closed connection frees the address's share";
  for (int fd : held) close(fd);
}

}  // namespace
}  // namespace pharos
