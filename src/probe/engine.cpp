#include "probe/engine.h"

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

#include "core/log.h"
#include "probe/expiry.h"

namespace pharos::probe {
namespace {

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
  bool v6 = hp.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + hp.host + "]" : hp.host;
  return "::" + host + ":" + (hp.port > 0 ? std::to_string(hp.port) : "");
}

std::string url_host(const MonitorSpec& spec) {
  if (spec.kind == MonitorKind::kTcp || spec.kind == MonitorKind::kTls) {
    return split_host_port(spec.target).host;
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
        interface(options.source_address.empty() ? "" : "host!" + options.source_address) {}

  const Clock& clock;
  Sink sink;
  EngineOptions options;
  const std::string interface;  // CURLOPT_INTERFACE: "host!<source address>", or empty
  CURLM* multi = nullptr;
  std::atomic<std::size_t> rounds_in_flight{0};

  std::mutex mu;  // guards incoming and stopping
  std::vector<Job> incoming;
  bool stopping = false;
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

  void post(Job job);
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
  // a wake-up each (a write to libcurl's socket pair, then a loop pass) cost a syscall and a
  // context switch per check. Jobs posted before the loop takes `incoming` ride on the first one.
  if (first && multi) curl_multi_wakeup(multi);
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

void ProbeEngine::Impl::start_waiting() {
  while (active.size() < options.max_in_flight && !waiting.empty()) {
    auto [round, node] = waiting.front();
    waiting.pop_front();
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

void ProbeEngine::Impl::run_loop() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::lock_guard lock(mu);
      if (stopping) break;
      batch.swap(incoming);
    }
    for (auto& job : batch) accept(job);
    batch.clear();
    start_waiting();
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
      finish(t, msg->data.result);
    }
    start_waiting();
    curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  shutdown_transfers();
}

void ProbeEngine::Impl::shutdown_transfers() {
  // Abandon everything in flight: remove each handle from the multi and free it.
  while (!active.empty()) release(active.back());
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
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  curl_multi_wakeup(impl_->multi);
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
  bool needs_resolver =
      check.spec.kind == MonitorKind::kDns ||
      (check.spec.node_mode == NodeMode::kDns && check.spec.kind != MonitorKind::kHeartbeat);
  if (!needs_resolver) return impl_->post(std::move(job));
  {
    std::lock_guard lock(impl_->resolver_mu);
    impl_->to_resolve.push_back(std::move(job));
  }
  impl_->resolver_cv.notify_one();
}

std::size_t ProbeEngine::rounds_in_flight() const { return impl_->rounds_in_flight.load(); }

}  // namespace pharos::probe
