#include "web/server/http_server.h"

#include <cerrno>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/log.h"
#include "web/server/session.h"

namespace pharos::web {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct SignalTask {
  std::unique_ptr<asio::signal_set> set;
  std::function<void()> task;
};

struct PeriodicTask {
  std::chrono::milliseconds interval;
  std::function<void()> task;
  std::unique_ptr<asio::steady_timer> timer;
};

}  // namespace

Result<ServerOptions> parse_listen(const std::string& listen, ServerOptions base) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) {
    return Error::invalid("expected HOST:PORT, e.g. 127.0.0.1:8080, got '" + listen + "'",
                          "listen");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return Error::invalid("bad port in '" + listen + "' (0–65535)", "listen");
  }
  base.host = host.empty() ? "0.0.0.0" : host;
  base.port = static_cast<unsigned short>(port);
  return base;
}

struct HttpServer::Impl {
  // One io_context per request thread, each run by exactly that thread (concurrency hint 1):
  // sessions need no strands and threads share no reactor lock. The listener has a context and
  // a thread of its own and deals accepted connections out round-robin: on a request thread it
  // took one connection per pass over all of that thread's ready sessions, so when 1,000
  // clients connected at once a new one waited up to 0.6 s to be accepted (bench/fire_bench.sh).
  // The signals and the drain timer live on the first request context.
  Impl(ServerOptions options, const Router& router)
      : fd_limit(raise_fd_limit()),
        requested_connections(options.max_connections),
        shared{router, fit_to_fd_limit(std::move(options), fd_limit)},
        contexts(make_contexts(shared.options.threads
                                   ? shared.options.threads
                                   : std::max(1u, std::thread::hardware_concurrency()))),
        ioc(*contexts.front()),
        handlers(shared.options.handler_threads
                     ? shared.options.handler_threads
                     : std::max(1u, std::thread::hardware_concurrency())),
        acceptor(accept_ioc),
        signals(ioc, SIGINT, SIGTERM),
        drain_timer(ioc),
        accept_timer(accept_ioc) {
    shared.handlers = &handlers;
  }

  static ServerOptions fit_to_fd_limit(ServerOptions options, const FdLimit& limit) {
    options.max_connections = connection_cap(options.max_connections, limit.soft);
    return options;
  }

  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (unsigned i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  asio::io_context& next_context() { return *contexts[next++ % contexts.size()]; }

  void stop_all() {
    for (auto& c : contexts) c->stop();
    accept_ioc.stop();
  }

  // Accepted sockets stay on the listener's context for their first request (session.h): a new
  // client's request is read and answered here, not queued behind the ~500 ready connections a
  // busy request thread serves per pass. Then a keep-alive connection moves to its request
  // thread, dealt out round-robin.
  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return on_accept_error(ec);
      admit(std::move(socket));
      if (acceptor.is_open()) accept();
    });
  }

  // A new connection gets a session unless it is over its address's share, or over the cap
  // with nothing reusable to take a slot from; those are closed at once (cheap).
  void admit(tcp::socket socket) {
    note_pressure();
    relieve_pressure();
    boost::system::error_code ignored;
    if (shared.connections.load() >= shared.options.max_connections) {
      socket.close(ignored);  // every slot is doing work
      return;
    }
    std::string address;
    auto peer = socket.remote_endpoint(ignored);
    if (!ignored) address = peer.address().to_string();
    if (!shared.addresses.try_add(address)) {
      socket.close(ignored);
      return;
    }
    auto session =
        std::make_shared<Session>(std::move(socket), shared, std::move(address), &next_context());
    session->make_reusable();  // evictable before its thread even starts it
    session->start();
  }

  // Near the cap, takes slots back from the oldest reusable sessions (on any thread) before a
  // new connection takes one: their slots are free at once, their sockets close on their own
  // threads. Enough go to fall under high water, so at the cap a new client is refused only
  // when no session is reusable.
  void relieve_pressure() {
    std::size_t open = shared.connections.load();
    if (open < shared.high_water) return;
    std::lock_guard lock(shared.reusable_mutex);
    shared.reusable.evict_oldest(drain_count(open, shared.high_water, shared.reusable.size()));
  }

  // Sets the pressure flag at high water and clears it once connections are a further cap/16
  // below (no flapping around the mark); logs both, with how many sessions were evicted.
  void note_pressure() {
    std::size_t open = shared.connections.load();
    bool pressured = shared.pressured.load();
    if (!pressured && open >= shared.high_water) {
      shared.pressured.store(true);
      log::warn("http.pressure", {log::kv("connections", open),
                                  log::kv("max_connections", shared.options.max_connections)});
    } else if (pressured && open + shared.options.max_connections / 16 < shared.high_water) {
      shared.pressured.store(false);
      log::info("http.pressure_relieved",
                {log::kv("connections", open), log::kv("evicted_total", shared.evicted.load())});
    }
  }

  // Out of descriptors (EMFILE/ENFILE) the listen socket stays readable: free reusable slots
  // and pause accepting for 100 ms, as nginx does, instead of spinning.
  void on_accept_error(boost::system::error_code ec) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    log::warn("http.accept_failed", {log::kv("error", ec.message())});
    if (ec != asio::error::no_descriptors && ec.value() != ENFILE) return accept();
    relieve_pressure();
    accept_timer.expires_after(std::chrono::milliseconds(100));
    accept_timer.async_wait([this](boost::system::error_code e) {
      if (!e && acceptor.is_open()) accept();
    });
  }

  void log_limits() const {
    log::info("http.limits",
              {log::kv("fd_soft_limit", fd_limit.soft),
               log::kv("fd_soft_limit_at_start", fd_limit.before),
               log::kv("fd_hard_limit", fd_limit.hard),
               log::kv("max_connections", shared.options.max_connections),
               log::kv("pressure_at", shared.high_water),
               log::kv("max_connections_per_address", shared.options.max_connections_per_address)});
    if (shared.options.max_connections < requested_connections) {
      log::warn("http.max_connections_lowered",
                {log::kv("requested", requested_connections),
                 log::kv("max_connections", shared.options.max_connections),
                 log::kv("reason", "open-file limit " + std::to_string(fd_limit.soft) + " keeps " +
                                       std::to_string(fd_reserve(fd_limit.soft)) +
                                       " descriptors for the rest of the process")});
    }
  }

  void start_tasks() {
    for (auto& t : tasks) {
      t.timer = std::make_unique<asio::steady_timer>(tasks_ioc);
      schedule(t, std::chrono::milliseconds(0));
    }
  }

  void schedule(PeriodicTask& t, std::chrono::milliseconds delay) {
    t.timer->expires_after(delay);
    t.timer->async_wait([this, &t](boost::system::error_code ec) {
      if (ec || shared.stopping.load()) return;
      t.task();
      schedule(t, t.interval);
    });
  }

  void wait_signal(SignalTask& t) {
    t.set->async_wait([this, &t](boost::system::error_code ec, int) {
      if (ec || shared.stopping.load()) return;
      asio::post(tasks_ioc, t.task);
      wait_signal(t);
    });
  }

  // Stops accepting, then waits for requests in flight (bounded by shutdown_grace).
  void begin_shutdown() {
    if (shared.stopping.exchange(true)) return;
    log::info("http.stopping", {log::kv("connections", shared.connections.load())});
    asio::post(acceptor.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      accept_timer.cancel();
    });
    signals.cancel();
    for (auto& t : signal_tasks) t->set->cancel();
    asio::post(tasks_ioc, [this] {
      for (auto& t : tasks) t.timer->cancel();
      tasks_work.reset();
    });
    drain_deadline = std::chrono::steady_clock::now() + shared.options.shutdown_grace;
    drain();
  }

  void drain() {
    if (shared.in_flight.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      stop_all();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([this](boost::system::error_code) { drain(); });
  }

  FdLimit fd_limit;
  std::size_t requested_connections;
  ServerShared shared;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::size_t next = 0;  // only touched by the accept handler (one at a time)
  asio::io_context& ioc;
  // After the contexts: destroyed (joined) first, while the contexts its handlers post their
  // answers to still exist.
  asio::thread_pool handlers;
  asio::io_context accept_ioc{1};  // the listener's, run by its own thread (see above)
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::vector<std::unique_ptr<SignalTask>> signal_tasks;  // on_signal()
  asio::steady_timer drain_timer;
  asio::steady_timer accept_timer;  // the pause after running out of descriptors
  std::chrono::steady_clock::time_point drain_deadline;
  asio::io_context tasks_ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> tasks_work;
  std::vector<PeriodicTask> tasks;
};

HttpServer::HttpServer(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() = default;

Result<std::string> HttpServer::bind() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->shared.options.host, ec);
  if (ec) {
    return Error::invalid("'" + impl_->shared.options.host + "' is not an IP address", "listen");
  }
  tcp::endpoint endpoint(address, impl_->shared.options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable("cannot listen on " + impl_->shared.options.host + ":" +
                              std::to_string(impl_->shared.options.port) + ": " + ec.message());
  }
  impl_->log_limits();
  auto bound = acceptor.local_endpoint();
  std::string host = bound.address().to_string();
  if (bound.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(bound.port());
}

void HttpServer::every(std::chrono::milliseconds interval, std::function<void()> task) {
  impl_->tasks.push_back({interval, std::move(task), nullptr});
}

void HttpServer::on_signal(int signal, std::function<void()> task) {
  auto t = std::make_unique<SignalTask>();
  t->set = std::make_unique<asio::signal_set>(impl_->ioc, signal);
  t->task = std::move(task);
  impl_->signal_tasks.push_back(std::move(t));
}

void HttpServer::post(std::function<void()> task) { asio::post(impl_->tasks_ioc, std::move(task)); }

void HttpServer::run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](boost::system::error_code ec, int) {
    if (!ec) s.begin_shutdown();
  });
  for (auto& t : s.signal_tasks) s.wait_signal(*t);
  s.accept();
  std::thread listener([&s] { s.accept_ioc.run(); });
  s.tasks_work.emplace(s.tasks_ioc.get_executor());
  s.start_tasks();
  std::thread housekeeping([&s] { s.tasks_ioc.run(); });
  std::vector<std::thread> workers;
  // Request contexts must not run out of work while idle between connections.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& c : s.contexts) guards.push_back(asio::make_work_guard(*c));
  for (size_t i = 1; i < s.contexts.size(); ++i) {
    workers.emplace_back([&s, i] { s.contexts[i]->run(); });
  }
  s.ioc.run();
  for (auto& t : workers) t.join();
  s.accept_ioc.stop();
  listener.join();
  // Handlers still queued after the drain are dropped; one running now finishes (its answer is
  // not written: the request contexts have stopped).
  s.handlers.stop();
  s.handlers.join();
  s.tasks_ioc.stop();
  housekeeping.join();
  log::info("http.stopped");
}

void HttpServer::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace pharos::web
