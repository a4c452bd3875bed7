#pragma once
// A deliberately small blocking HTTP/1.1 client for tests: raw bytes in, parsed response out,
// every wait bounded.
#include <map>
#include <string>

namespace pharos::testing {

struct HttpResponse {
  int status = 0;                              // 0: no response (connection failed or closed)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Opens a TCP connection to 127.0.0.1:port; -1 on failure.
int connect_local(int port);
// Sends `raw` on `fd`; false on failure.
bool send_all(int fd, const std::string& raw);
// Reads one response from `fd` (Content-Length framed, or until close); waits at most `timeout_ms`.
HttpResponse read_response(int fd, bool head = false, int timeout_ms = 5000);
// True when the peer closed `fd` within `timeout_ms` (read returns 0 or an error).
bool closed_within(int fd, int timeout_ms);
// One request on a fresh connection: "GET /path" with extra header lines ("Name: v\r\n").
HttpResponse request(int port, const std::string& method, const std::string& target,
                     const std::string& extra_headers = "");

}  // namespace pharos::testing
