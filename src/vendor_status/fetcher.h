#pragma once
// HTTP GETs of vendor documents, conditional and bounded. The poller talks to a Fetcher so unit
// tests can script answers; CurlFetcher is the real one: one libcurl multi handle driven by
// curl_multi_poll on its own thread (the pattern of the probe engine, probe/engine.h), so many
// vendors are in flight at once and one slow vendor (up to its timeout) delays no other.
//
// Concurrency is bounded: beyond `max_in_flight` transfers, requests wait in a FIFO queue.
// Every transfer is bounded in time (the request's timeout, connect included) and in body size.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"

namespace pharos::vendor_status {

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};  // whole transfer
  std::size_t max_body = 4 * 1024 * 1024;                       // bytes after decoding
};

struct FetchResponse {
  long status = 0;  // HTTP status; 304 = not modified (body empty)
  std::string body;
  std::string etag;           // the ETag header, when sent
  std::string last_modified;  // the Last-Modified header, when sent
  std::string content_type;
  // Retry-After (delta-seconds or an HTTP date, turned into a delay), when sent.
  std::optional<std::chrono::seconds> retry_after;
};

class Fetcher {
 public:
  // Called exactly once per started request, on any thread (the fetcher's, or the caller's
  // before start() returns). Must not block for long.
  using Done = std::function<void(Result<FetchResponse>)>;

  virtual ~Fetcher() = default;
  // Any HTTP status is a response. Errors: kUnavailable when no response came (refused, DNS,
  // timeout, TLS, reset), kInvalidArgument when the body exceeded max_body (transfer aborted).
  // Blocking; scripted fetchers implement only this.
  virtual Result<FetchResponse> fetch(const FetchRequest& request) = 0;
  // Starts `request`; `done` gets its outcome. The default answers at once through fetch().
  virtual void start(FetchRequest request, Done done) { done(fetch(request)); }
};

struct CurlFetcherOptions {
  std::size_t max_in_flight = 64;  // transfers at once; the rest queue (start() never blocks)
  std::string user_agent = "Pharos/0.1 (vendor status poller)";
};

class CurlFetcher final : public Fetcher {
 public:
  explicit CurlFetcher(CurlFetcherOptions options = {});
  ~CurlFetcher()
      override;  // abandons transfers in flight: their `done` is called with kUnavailable
  CurlFetcher(const CurlFetcher&) = delete;
  CurlFetcher& operator=(const CurlFetcher&) = delete;

  Result<FetchResponse> fetch(const FetchRequest& request) override;  // start() and wait
  void start(FetchRequest request, Done done) override;               // thread-safe

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Retry-After as a delay from `now` (seconds since the epoch): "120" → 120 s, an HTTP date →
// the time until it (0 when past); nullopt when unreadable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now);

}  // namespace pharos::vendor_status
