#include "probe/engine.h"

#include <curl/curl.h>
#include <poll.h>
#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

#include "core/log.h"
#include "probe/expiry.h"
#include "probe/plain_http.h"

namespace pharos::probe {
namespace {

namespace asio = boost::asio;

// One submitted monitor waiting to be probed, possibly after name resolution.
struct Job {
  const PreparedCheck* check = nullptr;
  std::uint64_t tag = 0;
  Instant at{};
  std::vector<std::string> nodes;          // resolved nodes (nodes: dns)
  std::optional<std::string> failure;      // resolution failed: the whole round is down
  std::optional<CheckResult> precomputed;  // the dns kind is answered by the resolver
};

struct Round {
  CheckRound out;
  std::size_t pending = 0;
  std::size_t slot = 0;  // index in Impl::live_rounds
};

struct Transfer {
  CURL* easy = nullptr;
  Round* round = nullptr;
  std::size_t node = 0;
  std::size_t slot = 0;  // index in Impl::active
  std::string url;       // tcp and tls kinds: the URL made from the target
  std::string body;
  std::size_t max_body = 0;
  bool too_big = false;
  curl_slist* connect_to = nullptr;
  curl_slist* headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
};

// A socket libcurl asked to watch (CURLMOPT_SOCKETFUNCTION), on the engine's io_context. Shared
// with the waits in flight, so a socket libcurl drops while a wait is pending outlives the wait.
struct CurlSocket {
  explicit CurlSocket(asio::io_context& io) : descriptor(io) {}
  asio::posix::stream_descriptor descriptor;  // libcurl's socket; released, never closed, here
  int want = 0;                               // CURL_POLL_IN / _OUT / _INOUT
  bool reading = false;                       // a read wait is pending
  bool writing = false;                       // a write wait is pending
  bool gone = false;                          // libcurl removed it
};
using CurlSocketRef = std::shared_ptr<CurlSocket>;

// The host a plain check connects to when it has no node: the URL's or the tcp target's.
std::string_view plain_host(const MonitorSpec& spec) {
  if (spec.kind == MonitorKind::kTcp) return split_host_port(spec.target).host;
  auto url = parse_plain_url(spec.url);
  return url ? url->host : std::string_view();
}

std::once_flag curl_init_once;
bool curl_init_ok = false;

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * count;
  if (t->body.size() + len > t->max_body) {
    t->too_big = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->body.append(data, len);
  return len;
}

std::int64_t info_us(CURL* easy, CURLINFO what) {
  curl_off_t v = 0;
  curl_easy_getinfo(easy, what, &v);
  return static_cast<std::int64_t>(v);
}

std::optional<Instant> leaf_expiry(CURL* easy) {
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &info) != CURLE_OK || !info ||
      info->num_of_certs < 1) {
    return std::nullopt;
  }
  static constexpr std::string_view kKey = "Expire date:";
  for (curl_slist* s = info->certinfo[0]; s; s = s->next) {
    std::string_view line(s->data);
    if (line.substr(0, kKey.size()) != kKey) continue;
    auto at = parse_cert_time(line.substr(kKey.size()));
    if (at) return *at;
  }
  return std::nullopt;
}

// The URL libcurl is given: the monitor's own, or one made from a tcp/tls target in `scratch`
// (reused from check to check, so no allocation once it is long enough).
const std::string& check_url(const MonitorSpec& spec, std::string& scratch) {
  if (spec.kind != MonitorKind::kTcp && spec.kind != MonitorKind::kTls) return spec.url;
  scratch.assign(spec.kind == MonitorKind::kTcp ? "http://" : "https://");
  scratch.append(spec.target).append("/");
  return scratch;
}

// Whether Nagle's algorithm can be left on: a plain-HTTP request without a body is written with
// one send (the request head), so Nagle never holds anything back, and leaving it on saves the
// setsockopt(TCP_NODELAY) libcurl makes on every new socket. TLS (several writes in the
// handshake), request bodies and redirects (which may lead to https) keep TCP_NODELAY.
bool one_write_request(const MonitorSpec& spec, const std::string& url) {
  if (spec.kind == MonitorKind::kTcp) return true;  // connects only: nothing is written
  if (spec.kind == MonitorKind::kTls || spec.follow_redirects || !spec.body.empty()) return false;
  static constexpr std::string_view kHttp = "http://";
  return url.size() > kHttp.size() &&
         std::equal(kHttp.begin(), kHttp.end(), url.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

// "::10.0.0.11:" — any host and port of the URL connect to this node instead, so the request keeps
// its Host header and TLS SNI (libcurl's CURLOPT_CONNECT_TO).
std::string connect_to_entry(const std::string& node) {
  HostPort hp = split_host_port(node);
  std::string host(hp.host);
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "::" + host + ":" + (hp.port > 0 ? std::to_string(hp.port) : "");
}

std::string url_host(const MonitorSpec& spec) {
  if (spec.kind == MonitorKind::kTcp || spec.kind == MonitorKind::kTls) {
    return std::string(split_host_port(spec.target).host);
  }
  CURLU* u = curl_url();
  std::string host;
  char* part = nullptr;
  if (curl_url_set(u, CURLUPART_URL, spec.url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  }
  curl_free(part);
  curl_url_cleanup(u);
  return host;
}

}  // namespace

struct ProbeEngine::Impl {
  Impl(const Clock& c, Sink s, EngineOptions o)
      : clock(c),
        sink(std::move(s)),
        options(std::move(o)),
        interface(options.source_address.empty() ? "" : "host!" + options.source_address),
        source(ip_literal(options.source_address)) {}

  const Clock& clock;
  Sink sink;
  EngineOptions options;
  const std::string interface;  // CURLOPT_INTERFACE: "host!<source address>", or empty
  // The source address for plain checks; unset: the system's choice (or not an IP literal, when
  // the plain path leaves every check to libcurl, which reports it).
  const std::optional<asio::ip::address> source;
  CURLM* multi = nullptr;
  std::atomic<std::size_t> rounds_in_flight{0};

  // The engine thread runs this io_context: plain checks' sockets and timers, and libcurl's
  // sockets and timer (curl_multi_socket_action), so both transports share one thread and one
  // epoll wait, and a round never crosses threads. Not a second thread for the plain transport:
  // at the bench's 333 checks/s checks finish one at a time, so handing results back in batches
  // would still cost a wake-up (a syscall and a context switch) per check, and rounds, pools and
  // the sink would need a lock.
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  asio::steady_timer curl_timer{io};
  HostCache host_cache;  // hostnames of plain checks; filled by the resolver thread

  std::mutex mu;  // guards incoming
  std::vector<Job> incoming;
  std::thread loop_thread;

  std::mutex resolver_mu;  // guards to_resolve and resolver_stopping
  std::condition_variable resolver_cv;
  std::deque<Job> to_resolve;
  bool resolver_stopping = false;
  std::thread resolver_thread;

  // Engine thread only. Rounds and transfers are kept for reuse (up to kSpare of each), and live
  // ones are found by their slot: a check allocates nothing of its own here.
  static constexpr std::size_t kSpare = 256;
  std::vector<std::unique_ptr<Round>> live_rounds;
  std::vector<std::unique_ptr<Round>> spare_rounds;
  std::deque<std::pair<Round*, std::size_t>> waiting;  // node checks waiting for a slot
  std::vector<std::unique_ptr<Transfer>> spare;
  std::vector<Transfer*> active;  // added to the multi handle; owned here
  std::vector<std::unique_ptr<PlainCheck>> plain_spare;
  std::vector<PlainCheck*> plain_active;  // started and not done; owned here
  bool shutting_down = false;             // stop(): handlers still run start nothing new

  void post(Job job);
  void drain_incoming();
  bool start_plain(Round* round, std::size_t node);
  bool plain_endpoints(const MonitorSpec& spec, const std::string& node,
                       std::vector<asio::ip::tcp::endpoint>& out) const;
  void finish_plain(PlainCheck& check, const ProbeResponse& response);
  static int on_curl_socket(CURL* easy, curl_socket_t s, int what, void* user, void* socketp);
  static int on_curl_timer(CURLM* multi, long timeout_ms, void* user);
  void watch(const CurlSocketRef& socket, curl_socket_t s);
  void curl_event(curl_socket_t s, int mask);
  void run_loop();
  void run_resolver();
  void resolve(Job& job);
  void accept(Job& job);
  void start_waiting();
  Round* new_round();
  void setup(Transfer& t, const MonitorSpec& spec);
  void finish(Transfer* t, CURLcode code);
  void report(Round* round);
  void release(Transfer* t);
  void shutdown_transfers();
};

void ProbeEngine::Impl::post(Job job) {
  bool first = false;
  {
    std::lock_guard lock(mu);
    first = incoming.empty();
    incoming.push_back(std::move(job));
  }
  // One wake-up per hand-over, not per job: the scheduler submits a tick's checks in a burst, and
  // a wake-up each (a write to the io_context's eventfd, then a loop pass) cost a syscall and a
  // context switch per check. Jobs posted before the loop takes `incoming` ride on the first one.
  if (first) asio::post(io, [this] { drain_incoming(); });
}

void ProbeEngine::Impl::drain_incoming() {
  if (shutting_down) return;
  std::vector<Job> batch;
  {
    std::lock_guard lock(mu);
    batch.swap(incoming);
  }
  for (auto& job : batch) accept(job);
  batch.clear();
  {
    // Give the (now empty) vector's capacity back, so the next burst does not allocate it again.
    std::lock_guard lock(mu);
    if (incoming.empty()) incoming.swap(batch);
  }
  start_waiting();
}

void ProbeEngine::Impl::run_resolver() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(resolver_mu);
      resolver_cv.wait(lock, [&] { return resolver_stopping || !to_resolve.empty(); });
      if (resolver_stopping) return;
      job = std::move(to_resolve.front());
      to_resolve.pop_front();
    }
    resolve(job);
    post(std::move(job));
  }
}

void ProbeEngine::Impl::resolve(Job& job) {
  const MonitorSpec& spec = job.check->spec;
  if (spec.node_mode == NodeMode::kSingle && spec.kind != MonitorKind::kDns) {
    // A plain check of a hostname: fill the cache; the check itself runs on the engine thread.
    std::string host(plain_host(spec));
    auto names = resolve_all(host);
    if (!names) {
      job.failure = names.error().message;
      return;
    }
    std::vector<asio::ip::address> addresses;
    for (const auto& name : *names) {
      if (auto a = ip_literal(name)) addresses.push_back(*a);
    }
    host_cache.put(host, std::move(addresses), std::chrono::steady_clock::now());
    return;
  }
  if (spec.kind != MonitorKind::kDns) {
    auto nodes = resolve_all(url_host(spec));
    if (nodes)
      job.nodes = std::move(*nodes);
    else
      job.failure = nodes.error().message;
    return;
  }
  auto started = std::chrono::steady_clock::now();
  auto answers = resolve_all(spec.target);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  ProbeResponse response;
  response.timing.dns_us = response.timing.total_us = took.count();
  if (!answers) {
    response.transport_ok = false;
    response.transport_message = answers.error().message;
  } else {
    for (const auto& want : spec.expect.records) {
      if (std::find(answers->begin(), answers->end(), want) != answers->end()) continue;
      response.transport_ok = false;
      response.transport_message = spec.target + " does not resolve to " + want;
      break;
    }
  }
  CheckResult result;
  result.at = job.at;
  evaluate(*job.check, response, clock.now(), result);
  job.precomputed = std::move(result);
}

Round* ProbeEngine::Impl::new_round() {
  std::unique_ptr<Round> round;
  if (!spare_rounds.empty()) {
    round = std::move(spare_rounds.back());
    spare_rounds.pop_back();
    round->out.results.clear();  // moved out to the sink by report(): empty it for sure
  } else {
    round = std::make_unique<Round>();
  }
  round->pending = 0;
  round->slot = live_rounds.size();
  live_rounds.push_back(std::move(round));
  return live_rounds.back().get();
}

void ProbeEngine::Impl::accept(Job& job) {
  Round* round = new_round();
  round->out.tag = job.tag;
  round->out.check = job.check;
  round->out.at = job.at;
  const MonitorSpec& spec = job.check->spec;
  if (spec.kind == MonitorKind::kHeartbeat || job.precomputed || job.failure) {
    if (job.precomputed) round->out.results.push_back(std::move(*job.precomputed));
    if (job.failure) {
      CheckResult& r = round->out.results.emplace_back();
      r.at = job.at;
      r.reason = *job.failure;
    }
    return report(round);
  }
  static const std::vector<std::string> kSingle = {""};
  const auto& nodes = spec.node_mode == NodeMode::kList  ? spec.nodes
                      : spec.node_mode == NodeMode::kDns ? job.nodes
                                                         : kSingle;
  round->out.results.resize(nodes.size());
  round->pending = nodes.size();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    round->out.results[i].node = nodes[i];
    round->out.results[i].at = job.at;
    waiting.emplace_back(round, i);
  }
}

void ProbeEngine::Impl::setup(Transfer& t, const MonitorSpec& spec) {
  CURL* e = t.easy;
  curl_easy_reset(e);
  const std::string& url = check_url(spec, t.url);
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(spec.timeout.count()));
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
  // "host!" makes libcurl bind to the address (never an interface name): a location's identity.
  if (!interface.empty()) curl_easy_setopt(e, CURLOPT_INTERFACE, interface.c_str());
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, spec.verify_tls ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, spec.verify_tls ? 2L : 0L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, one_write_request(spec, url) ? 0L : 1L);
  if (!spec.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, spec.ca_file.c_str());
  if (spec.kind == MonitorKind::kTcp || spec.kind == MonitorKind::kTls) {
    curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
  }
  if (spec.kind == MonitorKind::kTls) curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
  if (spec.follow_redirects) {
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
  }
  if (spec.method == "HEAD")
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  else if (spec.method != "GET")
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
  if (!spec.body.empty()) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, spec.body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
  }
  for (const auto& [name, value] : spec.headers) {
    std::string line = name;
    line.append(": ").append(value);
    t.headers = curl_slist_append(t.headers, line.c_str());
  }
  if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  const std::string& node = t.round->out.results[t.node].node;
  if (!node.empty()) {
    t.connect_to = curl_slist_append(nullptr, connect_to_entry(node).c_str());
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, t.connect_to);
  }
}

bool ProbeEngine::Impl::plain_endpoints(const MonitorSpec& spec, const std::string& node,
                                        std::vector<asio::ip::tcp::endpoint>& out) const {
  out.clear();
  int port = 0;
  std::string_view host;
  if (spec.kind == MonitorKind::kTcp) {
    auto target = split_host_port(spec.target);
    host = target.host;
    port = target.port;
  } else {
    auto url = parse_plain_url(spec.url);
    if (!url) return false;
    host = url->host;
    port = url->port;
  }
  if (!node.empty()) {
    auto n = split_host_port(node);
    auto address = ip_literal(n.host);
    if (!address) return false;
    out.emplace_back(*address, static_cast<std::uint16_t>(n.port > 0 ? n.port : port));
    return true;
  }
  if (port <= 0 || port > 65535) return false;  // libcurl says what is wrong with the target
  if (auto address = ip_literal(host)) {
    out.emplace_back(*address, static_cast<std::uint16_t>(port));
    return true;
  }
  thread_local std::vector<asio::ip::address> addresses;
  if (!host_cache.find(host, std::chrono::steady_clock::now(), addresses)) return false;
  for (const auto& a : addresses) out.emplace_back(a, static_cast<std::uint16_t>(port));
  return !out.empty();
}

bool ProbeEngine::Impl::start_plain(Round* round, std::size_t node) {
  const MonitorSpec& spec = round->out.check->spec;
  if (!options.plain_http || !plain_eligible(spec)) return false;
  if (!options.source_address.empty() && !source) return false;  // libcurl reports the bad address
  std::unique_ptr<PlainCheck> check;
  if (!plain_spare.empty()) {
    check = std::move(plain_spare.back());
    plain_spare.pop_back();
  } else {
    check = std::make_unique<PlainCheck>(
        io, [this](PlainCheck& c, const ProbeResponse& r) { finish_plain(c, r); });
  }
  PlainRequest& request = check->request();
  if (!plain_endpoints(spec, round->out.results[node].node, request.endpoints)) {
    // A hostname whose cache entry expired since submit(): this once, libcurl resolves it.
    plain_spare.push_back(std::move(check));
    return false;
  }
  if (spec.kind == MonitorKind::kTcp) {
    request.bytes.clear();
    request.head = false;
  } else {
    build_request(spec, *parse_plain_url(spec.url), options.user_agent, request.bytes);
    request.head = spec.method == "HEAD";
  }
  check->owner = round;
  check->node = node;
  check->slot = plain_active.size();
  PlainCheck* started = check.release();  // owned through plain_active until finish_plain()
  plain_active.push_back(started);
  started->start(spec.timeout, static_cast<std::size_t>(spec.max_body_bytes),
                 source ? &*source : nullptr);
  return true;
}

void ProbeEngine::Impl::finish_plain(PlainCheck& check, const ProbeResponse& response) {
  auto* round = static_cast<Round*>(check.owner);
  evaluate(*round->out.check, response, clock.now(), round->out.results[check.node]);
  plain_active[check.slot] = plain_active.back();
  plain_active[check.slot]->slot = check.slot;
  plain_active.pop_back();
  if (plain_spare.size() < kSpare) {
    plain_spare.emplace_back(&check);
  } else {
    // Not here: this runs inside one of the check's own handlers.
    asio::post(io, [doomed = &check] { delete doomed; });
  }
  if (--round->pending == 0) report(round);
  start_waiting();
}

void ProbeEngine::Impl::start_waiting() {
  while (active.size() + plain_active.size() < options.max_in_flight && !waiting.empty()) {
    auto [round, node] = waiting.front();
    waiting.pop_front();
    if (start_plain(round, node)) continue;
    std::unique_ptr<Transfer> t;
    if (!spare.empty()) {
      t = std::move(spare.back());
      spare.pop_back();
    } else {
      t = std::make_unique<Transfer>();
      t->easy = curl_easy_init();
    }
    t->round = round;
    t->node = node;
    t->max_body = static_cast<std::size_t>(round->out.check->spec.max_body_bytes);
    t->error[0] = '\0';
    setup(*t, round->out.check->spec);
    curl_multi_add_handle(multi, t->easy);
    t->slot = active.size();
    active.push_back(t.release());  // owned through `active` until release()
  }
}

void ProbeEngine::Impl::finish(Transfer* t, CURLcode code) {
  const MonitorSpec& spec = t->round->out.check->spec;
  ProbeResponse response;
  response.transport_ok = code == CURLE_OK;
  if (!response.transport_ok) {
    if (t->too_big) {
      response.transport_message =
          "the response body is larger than max_body (" + std::to_string(t->max_body) + " bytes)";
    } else {
      response.transport_message = t->error[0] ? t->error : curl_easy_strerror(code);
    }
  }
  long status = 0;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  response.http_status = static_cast<int>(status);
  response.body = t->body;
  response.timing = {
      info_us(t->easy, CURLINFO_NAMELOOKUP_TIME_T), info_us(t->easy, CURLINFO_CONNECT_TIME_T),
      info_us(t->easy, CURLINFO_APPCONNECT_TIME_T), info_us(t->easy, CURLINFO_STARTTRANSFER_TIME_T),
      info_us(t->easy, CURLINFO_TOTAL_TIME_T)};
  if (spec.kind == MonitorKind::kTls) response.cert_expiry = leaf_expiry(t->easy);
  evaluate(*t->round->out.check, response, clock.now(), t->round->out.results[t->node]);
  Round* round = t->round;
  release(t);
  if (--round->pending == 0) report(round);
}

void ProbeEngine::Impl::release(Transfer* t) {
  curl_multi_remove_handle(multi, t->easy);
  curl_slist_free_all(t->connect_to);
  curl_slist_free_all(t->headers);
  t->connect_to = t->headers = nullptr;
  t->too_big = false;
  t->body.clear();
  if (t->body.capacity() > std::size_t{64} * 1024)
    t->body.shrink_to_fit();  // keep idle memory small
  active[t->slot] = active.back();
  active[t->slot]->slot = t->slot;
  active.pop_back();
  if (spare.size() < kSpare)
    spare.emplace_back(t);
  else {
    curl_easy_cleanup(t->easy);
    delete t;
  }
}

void ProbeEngine::Impl::report(Round* round) {
  std::unique_ptr<Round> owned = std::move(live_rounds[round->slot]);
  if (round->slot + 1 < live_rounds.size()) {
    live_rounds[round->slot] = std::move(live_rounds.back());
    live_rounds[round->slot]->slot = round->slot;
  }
  live_rounds.pop_back();
  sink(std::move(owned->out));
  rounds_in_flight.fetch_sub(1);
  if (spare_rounds.size() < kSpare) spare_rounds.push_back(std::move(owned));
}

int ProbeEngine::Impl::on_curl_socket(CURL*, curl_socket_t s, int what, void* user, void* socketp) {
  auto* impl = static_cast<Impl*>(user);
  auto* ref = static_cast<CurlSocketRef*>(socketp);
  if (what == CURL_POLL_REMOVE) {
    if (ref) {
      CurlSocket& socket = **ref;
      socket.gone = true;
      boost::system::error_code ignored;
      socket.descriptor.cancel(ignored);
      socket.descriptor.release();  // libcurl closes it
      curl_multi_assign(impl->multi, s, nullptr);
      delete ref;
    }
    return 0;
  }
  if (!ref) {
    ref = new CurlSocketRef(std::make_shared<CurlSocket>(impl->io));
    boost::system::error_code ec;
    (*ref)->descriptor.assign(s, ec);
    if (ec) {
      delete ref;
      return -1;  // libcurl fails the transfer
    }
    curl_multi_assign(impl->multi, s, ref);
  }
  (*ref)->want = what;
  impl->watch(*ref, s);
  return 0;
}

int ProbeEngine::Impl::on_curl_timer(CURLM*, long timeout_ms, void* user) {
  auto* impl = static_cast<Impl*>(user);
  impl->curl_timer.cancel();
  if (timeout_ms < 0) return 0;
  impl->curl_timer.expires_after(std::chrono::milliseconds(timeout_ms));
  impl->curl_timer.async_wait([impl](const boost::system::error_code& ec) {
    if (!ec) impl->curl_event(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

// Waits for what libcurl wants of `s`. Asio's epoll is edge-triggered and a wait does not look at
// the socket first, so readiness that is already there (libcurl read only part of what arrived)
// would never be reported: a poll() without waiting checks first. Only libcurl's sockets pay it.
void ProbeEngine::Impl::watch(const CurlSocketRef& socket, curl_socket_t s) {
  short events = 0;
  if ((socket->want & CURL_POLL_IN) && !socket->reading) events |= POLLIN;
  if ((socket->want & CURL_POLL_OUT) && !socket->writing) events |= POLLOUT;
  if (events == 0) return;
  pollfd ready{s, events, 0};
  if (::poll(&ready, 1, 0) > 0 && ready.revents != 0) {
    int mask = ((ready.revents & (POLLIN | POLLHUP)) ? CURL_CSELECT_IN : 0) |
               ((ready.revents & POLLOUT) ? CURL_CSELECT_OUT : 0) |
               ((ready.revents & POLLERR) ? CURL_CSELECT_ERR : 0);
    socket->reading = socket->reading || (events & POLLIN);
    socket->writing = socket->writing || (events & POLLOUT);
    asio::post(io, [this, socket, s, mask, events] {
      if (events & POLLIN) socket->reading = false;
      if (events & POLLOUT) socket->writing = false;
      if (socket->gone) return;
      curl_event(s, mask);
      if (!socket->gone) watch(socket, s);
    });
    return;
  }
  auto on_ready = [this, socket, s](bool read, const boost::system::error_code& ec) {
    (read ? socket->reading : socket->writing) = false;
    if (socket->gone || ec) return;
    curl_event(s, read ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
    if (!socket->gone) watch(socket, s);
  };
  if (events & POLLIN) {
    socket->reading = true;
    socket->descriptor.async_wait(
        asio::posix::stream_descriptor::wait_read,
        [on_ready](const boost::system::error_code& ec) { on_ready(true, ec); });
  }
  if (events & POLLOUT) {
    socket->writing = true;
    socket->descriptor.async_wait(
        asio::posix::stream_descriptor::wait_write,
        [on_ready](const boost::system::error_code& ec) { on_ready(false, ec); });
  }
}

void ProbeEngine::Impl::curl_event(curl_socket_t s, int mask) {
  if (shutting_down) return;
  int running = 0;
  curl_multi_socket_action(multi, s, mask, &running);
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* t = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
    finish(t, msg->data.result);
  }
  start_waiting();
}

void ProbeEngine::Impl::run_loop() {
  io.run();
  shutdown_transfers();
}

void ProbeEngine::Impl::shutdown_transfers() {
  // Abandon everything in flight: remove each handle from the multi and free it.
  shutting_down = true;
  while (!active.empty()) release(active.back());
  curl_timer.cancel();
  for (PlainCheck* c : plain_active) c->abandon();
  // The abandoned checks' operations end with operation_aborted, and their handlers live in each
  // check's own memory: run them (nothing is reported) before the checks are freed.
  io.restart();
  for (int pass = 0; pass < 100 && io.poll() > 0; ++pass) {
  }
  for (PlainCheck* c : plain_active) delete c;
  plain_active.clear();
  plain_spare.clear();
  for (auto& t : spare) curl_easy_cleanup(t->easy);
  spare.clear();
  waiting.clear();
  rounds_in_flight.fetch_sub(live_rounds.size());
  live_rounds.clear();
  spare_rounds.clear();
}

ProbeEngine::ProbeEngine(const Clock& clock, Sink sink, EngineOptions options)
    : impl_(std::make_unique<Impl>(clock, std::move(sink), std::move(options))) {}

ProbeEngine::~ProbeEngine() { stop(); }

Result<void> ProbeEngine::start() {
  std::call_once(curl_init_once, [] { curl_init_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == 0; });
  if (!curl_init_ok) return Error::internal("libcurl failed to initialise");
  if (impl_->multi) return Ok();
  // Each transfer holds a socket: stay well inside the descriptor limit so a burst of checks
  // cannot starve the rest of the process (or fail as false "down" results).
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    auto budget = std::max<std::size_t>(16, static_cast<std::size_t>(files.rlim_cur) / 2);
    impl_->options.max_in_flight = std::min(impl_->options.max_in_flight, budget);
  }
  impl_->multi = curl_multi_init();
  if (!impl_->multi) return Error::internal("libcurl: cannot create a multi handle");
  curl_multi_setopt(impl_->multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_curl_socket);
  curl_multi_setopt(impl_->multi, CURLMOPT_SOCKETDATA, impl_.get());
  curl_multi_setopt(impl_->multi, CURLMOPT_TIMERFUNCTION, &Impl::on_curl_timer);
  curl_multi_setopt(impl_->multi, CURLMOPT_TIMERDATA, impl_.get());
  impl_->io.restart();
  impl_->work.emplace(impl_->io.get_executor());
  impl_->loop_thread = std::thread([this] { impl_->run_loop(); });
  impl_->resolver_thread = std::thread([this] { impl_->run_resolver(); });
  return Ok();
}

void ProbeEngine::stop() {
  if (!impl_->multi) return;
  {
    std::lock_guard lock(impl_->resolver_mu);
    impl_->resolver_stopping = true;
  }
  impl_->resolver_cv.notify_all();
  impl_->work.reset();
  impl_->io.stop();
  if (impl_->loop_thread.joinable()) impl_->loop_thread.join();
  if (impl_->resolver_thread.joinable()) impl_->resolver_thread.join();
  curl_multi_cleanup(impl_->multi);
  impl_->multi = nullptr;
}

void ProbeEngine::submit(const PreparedCheck& check, std::uint64_t tag) {
  impl_->rounds_in_flight.fetch_add(1);
  Job job;
  job.check = &check;
  job.tag = tag;
  job.at = impl_->clock.now();
  const MonitorSpec& spec = check.spec;
  bool needs_resolver = spec.kind == MonitorKind::kDns ||
                        (spec.node_mode == NodeMode::kDns && spec.kind != MonitorKind::kHeartbeat);
  if (!needs_resolver && impl_->options.plain_http && spec.node_mode == NodeMode::kSingle &&
      plain_eligible(spec)) {
    // A plain check of a hostname looks it up in the cache on the engine thread; a stale or
    // missing entry is refreshed here first, off the loop.
    std::string_view host = plain_host(spec);
    needs_resolver =
        !ip_literal(host) && !impl_->host_cache.fresh(host, std::chrono::steady_clock::now());
  }
  if (!needs_resolver) return impl_->post(std::move(job));
  {
    std::lock_guard lock(impl_->resolver_mu);
    impl_->to_resolve.push_back(std::move(job));
  }
  impl_->resolver_cv.notify_one();
}

std::size_t ProbeEngine::rounds_in_flight() const { return impl_->rounds_in_flight.load(); }

}  // namespace pharos::probe
