#pragma once
// The HTTP/1.1 server: one io_context per request thread (ServerOptions::threads, default one
// per core), each run by exactly one thread — run()'s caller runs the first — so sessions need no
// strands; the listener runs on a thread of its own (accepting never waits behind serving),
// answers a new connection's first request itself (it never waits behind a busy request thread's
// ready connections), then moves a keep-alive connection to a request thread, round-robin. A
// route's handler (which may
// block on the store or rebuild the site) runs on a pool of handler threads and its answer is
// written back on the request thread; the pre-rendered site is answered on the request thread.
// Periodic tasks (every()) run on one more io_context on a housekeeping thread, never on a
// request thread. Keep-alive,
// graceful shutdown on SIGINT/SIGTERM, and every limit stated where it is enforced. Beast and
// Asio stay behind this header (pimpl); callers hand it a Router and periodic tasks.
//
// A session owns its socket and parser and handles one request at a time (pipelined requests wait
// in the read buffer, so the per-session queue is bounded at one response). Limits:
//   - at start the open-file soft limit is raised to the hard limit, and max_connections is
//     lowered if it does not fit in it (pressure.h: connection_cap); bind() logs both;
//   - near the cap (high water, cap - cap/16) each request thread closes its reusable
//     connections — idle keep-alive ones and those whose request head is incomplete — oldest
//     first, as nginx does, and new waits for a request use pressure_timeout (see pressure.h);
//   - connections beyond max_connections are closed at accept, and so are those beyond
//     max_connections_per_address from one client address (0: no per-address cap);
//   - a request header over header_limit bytes answers 431, a body over body_limit 413;
//   - a keep-alive connection with no new request for idle_timeout is closed;
//   - once a request's first byte arrived, the whole request must arrive within request_timeout
//     (a slowloris is cut off), and a response must drain within write_timeout.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "web/router.h"

namespace pharos::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: an ephemeral port
  unsigned threads = 0;        // 0: one per core
  // Threads that run the handlers that may block (every route's; not the pre-rendered site,
  // which is answered on the request threads), so a store write or the site rebuild after a
  // change never stalls the other connections of a request thread. 0: one per core.
  unsigned handler_threads = 0;
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_address = 0;  // 0: no per-address cap
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  // Replaces idle_timeout and request_timeout (when shorter) for waits that start while the
  // server is near its connection cap.
  std::chrono::milliseconds pressure_timeout{std::chrono::seconds(2)};
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(5)};
};

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:0", "localhost:80").
Result<ServerOptions> parse_listen(const std::string& listen, ServerOptions base = {});

class HttpServer {
 public:
  // `router` must outlive the server and must not change once run() starts.
  HttpServer(ServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound "host:port" (the real port when port was 0).
  Result<std::string> bind();
  // Runs `task` every `interval` on the housekeeping thread (never on a request thread), the
  // first time right away. Register before run().
  void every(std::chrono::milliseconds interval, std::function<void()> task);
  // Runs `task` once on the housekeeping thread, soon (after the periodic task running now).
  // Thread-safe; a task posted before run() runs when it starts.
  void post(std::function<void()> task);
  // Runs `task` on the housekeeping thread each time the process receives `signal` (SIGHUP: the
  // config reload), through a boost::asio::signal_set on the listener's context, never inside a
  // raw signal handler. The disposition is taken here, so a signal that arrives before run() is
  // kept for it rather than acting by default (SIGHUP's default ends the process). Before run().
  void on_signal(int signal, std::function<void()> task);
  // Serves until stop() or SIGINT/SIGTERM, then stops accepting, lets requests in flight finish
  // (up to shutdown_grace) and returns. Blocks the calling thread.
  void run();
  // Thread-safe; may be called from a handler or another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pharos::web
