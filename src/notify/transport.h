#pragma once
// The two ways a notification leaves the process: an HTTP POST (webhooks, chat) and an SMTP
// submission (email). Interfaces so the worker can be tested with fakes; the libcurl
// implementations live in webhook/ and email/.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "config/notify_spec.h"

namespace pharos::notify {

// The outcome of one attempt. `code` is the HTTP status or the last SMTP reply code (0 when the
// peer never answered). `transport_ok` is false when no complete answer came (refused, timeout,
// TLS failure); `error` then says why, for the dead-letter list and the logs.
struct TransportResult {
  bool transport_ok = false;
  long code = 0;
  std::string error;
};

struct HttpRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON
};

class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  // Thread-safe: called from several delivery threads at once.
  virtual TransportResult post(const HttpRequest& request) = 0;
};

struct MailRequest {
  SmtpSpec smtp;
  std::vector<std::string> to;
  std::string message;  // the complete RFC 5322 message, CRLF line ends
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Thread-safe.
  virtual TransportResult send(const MailRequest& request) = 0;
};

struct Timeouts {
  std::chrono::milliseconds connect{std::chrono::seconds(5)};
  std::chrono::milliseconds total{std::chrono::seconds(10)};
};

}  // namespace pharos::notify
