// ChangeFeed on PostgreSQL: one connection of its own that LISTENs on "pharos", and a thread
// waiting on its socket (and on a pipe, to stop at once).
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

#include "core/log.h"
#include "storage/change_feed.h"
#include "storage/postgres/pg_db.h"

namespace pharos {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5'000};

class PgChangeFeed final : public ChangeFeed {
 public:
  PgChangeFeed(db::PgUrl url, Handler handler)
      : url_(std::move(url)), handler_(std::move(handler)) {}
  ~PgChangeFeed() override {
    stop();
    for (int fd : wake_) {
      if (fd >= 0) close(fd);
    }
  }

  Result<void> open_pipe() {
    if (pipe(wake_) != 0) return Error::internal("change feed: cannot create a pipe");
    return Ok();
  }

  void start() override {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
  }

  void stop() override {
    if (!thread_.joinable()) return;
    stopping_ = true;
    char byte = 1;
    (void)!write(wake_[1], &byte, 1);
    thread_.join();
  }

 private:
  // Connects and LISTENs; null (logged once per outage) when it cannot.
  std::unique_ptr<db::PgConnection> connect() {
    auto conn = db::PgConnection::connect(url_);
    Result<void> listening = conn ? (*conn)->exec("LISTEN pharos") : Result<void>(conn.error());
    failures_.note(listening);
    if (!listening) return nullptr;
    return std::move(*conn);
  }

  // Waits for notifications until the connection breaks or stop(); false when stopping.
  bool listen(db::PgConnection& conn) {
    PGconn* pg = conn.native();
    while (!stopping_) {
      pollfd fds[2] = {{PQsocket(pg), POLLIN, 0}, {wake_[0], POLLIN, 0}};
      if (poll(fds, 2, -1) < 0 && errno != EINTR) return true;
      if (stopping_) return false;
      if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (PQconsumeInput(pg) == 0) return true;  // the connection broke: reconnect
      while (PGnotify* n = PQnotifies(pg)) {
        std::string topic = n->extra ? n->extra : "";
        PQfreemem(n);
        handler_(topic);
      }
    }
    return false;
  }

  void run() {
    auto backoff = std::chrono::milliseconds(0);
    while (!stopping_) {
      auto conn = connect();
      if (conn) {
        backoff = std::chrono::milliseconds(0);
        handler_(kEverything);  // what happened while not listening went unheard
        if (!listen(*conn)) return;
        failures_.failed(Error::unavailable("lost the connection to PostgreSQL " + url_.display));
        continue;
      }
      backoff = std::min(kMaxBackoff, backoff.count() ? backoff * 2 : kFirstBackoff);
      pollfd fd{wake_[0], POLLIN, 0};
      poll(&fd, 1, static_cast<int>(backoff.count()));
    }
  }

  const db::PgUrl url_;
  const Handler handler_;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  log::FailureLog failures_{"storage.change_feed_failed", "storage.change_feed_recovered"};
};

}  // namespace

Result<std::unique_ptr<ChangeFeed>> open_change_feed(const std::string& url,
                                                     ChangeFeed::Handler handler) {
  if (!db::is_postgres_url(url)) {
    return std::unique_ptr<ChangeFeed>();
  }
  auto parsed = db::parse_pg_url(url);
  if (!parsed) return parsed.error();
  auto feed = std::make_unique<PgChangeFeed>(std::move(*parsed), std::move(handler));
  PHAROS_TRY(feed->open_pipe());
  return std::unique_ptr<ChangeFeed>(std::move(feed));
}

}  // namespace pharos
