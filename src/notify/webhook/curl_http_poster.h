#pragma once
// HttpPoster over libcurl: one easy handle per request, bounded by connect and total timeouts, no
// redirects followed (a 3xx counts as a failure, as on Statuspage), response body discarded.
#include "notify/transport.h"

namespace pharos::notify {

class CurlHttpPoster final : public HttpPoster {
 public:
  explicit CurlHttpPoster(Timeouts timeouts);
  TransportResult post(const HttpRequest& request) override;

 private:
  Timeouts timeouts_;
};

// Calls curl_global_init once per process (thread-safe).
void ensure_curl();

}  // namespace pharos::notify
