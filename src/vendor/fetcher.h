#pragma once
// One HTTP GET of a vendor document, conditional and bounded. The poller talks to a Fetcher so
// unit tests can script answers; CurlFetcher is the real one (libcurl, blocking, one request at a
// time per call; safe to call from one thread at a time per instance).
#include <chrono>
#include <cstddef>
#include <string>

#include "core/result.h"

namespace pharos::vendor {

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};  // whole transfer
  std::size_t max_body = 4 * 1024 * 1024;                       // bytes after decoding
};

struct FetchResponse {
  long status = 0;            // HTTP status; 304 = not modified (body empty)
  std::string body;
  std::string etag;           // the ETag header, when sent
  std::string last_modified;  // the Last-Modified header, when sent
  std::string content_type;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Any HTTP status is a response. Errors: kUnavailable when no response came (refused, DNS,
  // timeout, TLS, reset), kInvalidArgument when the body exceeded max_body (transfer aborted).
  virtual Result<FetchResponse> fetch(const FetchRequest& request) = 0;
};

class CurlFetcher final : public Fetcher {
 public:
  explicit CurlFetcher(std::string user_agent = "Pharos/0.1 (vendor status poller)");
  Result<FetchResponse> fetch(const FetchRequest& request) override;

 private:
  std::string user_agent_;
};

}  // namespace pharos::vendor
