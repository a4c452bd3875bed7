#pragma once
// The probe engine: one thread running an Asio io_context, with thousands of checks in flight:
// plain http:// and tcp checks on its own transport (probe/plain_http.h), everything else (TLS,
// redirects) on one libcurl multi handle driven from the same io_context. Every check uses a fresh
// connection (a reused one hides connect failures), bounded time (the monitor's timeout) and
// bounded body size (max_body).
//
// A submitted monitor is checked on each of its nodes (nodes: dns resolves the host first, on a
// resolver thread, so a slow DNS server never stalls the loop); when every node has an answer the
// whole round is handed to the sink.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/monitor.h"
#include "probe/evaluate.h"

namespace pharos::probe {

// All node results of one check of one monitor. `tag` is the submitter's (e.g. a monitor index).
struct CheckRound {
  std::uint64_t tag = 0;
  const PreparedCheck* check = nullptr;
  Instant at{};
  std::vector<CheckResult> results;  // one per node, in node order
};

struct EngineOptions {
  // Transfers beyond this wait in a queue. start() lowers it to half the open-file limit.
  std::size_t max_in_flight = 4096;
  std::string user_agent = "Pharos/0.1 (health check)";
  // The local address every check is sent from (libcurl's CURLOPT_INTERFACE); empty: the
  // system's choice. A node's --source-address: multi-homed hosts, and how tests give each
  // location its own address on loopback.
  std::string source_address;
  // Plain http:// checks without redirects and tcp checks go through the engine's own transport
  // (probe/plain_http.h); false: every check through libcurl (tests run both paths).
  bool plain_http = true;
};

class ProbeEngine {
 public:
  // Called on the engine thread, one round at a time; must not block for long.
  using Sink = std::function<void(CheckRound&&)>;

  ProbeEngine(const Clock& clock, Sink sink, EngineOptions options = {});
  ~ProbeEngine();  // stops
  ProbeEngine(const ProbeEngine&) = delete;
  ProbeEngine& operator=(const ProbeEngine&) = delete;

  // Starts the engine and resolver threads. kInternal when libcurl cannot be initialised.
  Result<void> start();
  // Abandons checks in flight (their rounds are not reported) and joins the threads. Idempotent.
  void stop();

  // Thread-safe. Queues one check of `check` on all its nodes, stamped with the clock's now.
  // REQUIRES: `check` stays alive until its round is reported or the engine stopped.
  // Heartbeat monitors are not probed; submitting one reports an empty round.
  void submit(const PreparedCheck& check, std::uint64_t tag);

  // Rounds submitted and not yet reported. Thread-safe.
  std::size_t rounds_in_flight() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port", "[v6]:port" or "host" (port 0). Brackets are removed from IPv6 hosts. The
// host is a view into `text` (no allocation: the plain transport splits on every check).
struct HostPort {
  std::string_view host;
  int port = 0;
};
HostPort split_host_port(std::string_view text);

// Every address `host` resolves to (IPv4 and IPv6, deduplicated, in resolver order). Blocking.
Result<std::vector<std::string>> resolve_all(const std::string& host);

}  // namespace pharos::probe
