#pragma once
// Loopback sockets for tests: a listening socket, a port nobody listens on, and a small HTTP server
// on 127.0.0.1 (an ephemeral port) for tests that need a monitor target whose answers they decide:
// one connection at a time on its own thread, the request head read (2 s at most), the response
// `answer` returns written, the connection closed. Stops on destruction; every wait is bounded.
#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace pharos::testing {

// A socket listening on 127.0.0.1 at a port the kernel picks (SO_REUSEADDR, `backlog` pending
// connections), its port in `*port`; -1 on failure.
int listen_local(int backlog, int* port);
// A free TCP port on 127.0.0.1 (bound and released: another process could take it meanwhile, and
// until one does, connecting to it is refused); 0 on failure.
int free_loopback_port();

class LoopbackHttp {
 public:
  // The whole response to a request whose head (request line and headers) is `head`, from the
  // peer address `peer` ("127.0.0.2"). Called on the server's thread.
  using Answer = std::function<std::string(const std::string& head, const std::string& peer)>;

  explicit LoopbackHttp(Answer answer);
  ~LoopbackHttp();
  LoopbackHttp(const LoopbackHttp&) = delete;
  LoopbackHttp& operator=(const LoopbackHttp&) = delete;

  // 0 when it could not listen.
  int port() const { return port_; }

  // "HTTP/1.1 <status>" with `body` and Connection: close.
  static std::string response(const std::string& status, const std::string& body);

 private:
  void run();
  void serve(int connection, const std::string& peer);

  Answer answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace pharos::testing
