#include "support/loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "support/http_client.h"

namespace pharos::testing {
namespace {

// A TCP socket bound to 127.0.0.1 at a port the kernel picks, its port in `*port`; -1 on failure.
// `reuse`: SO_REUSEADDR, for a listener that may be restarted on its port.
int bind_local(bool reuse, int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  if (reuse) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

int listen_local(int backlog, int* port) {
  int bound = 0;
  int fd = bind_local(true, &bound);
  if (fd < 0) return -1;
  if (listen(fd, backlog) != 0) {
    close(fd);
    return -1;
  }
  *port = bound;
  return fd;
}

int free_loopback_port() {
  int port = 0;
  int fd = bind_local(false, &port);
  if (fd < 0) return 0;
  close(fd);
  return port;
}

LoopbackHttp::LoopbackHttp(Answer answer) : answer_(std::move(answer)) {
  fd_ = listen_local(64, &port_);
  if (fd_ < 0) return;
  thread_ = std::thread([this] { run(); });
}

LoopbackHttp::~LoopbackHttp() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

std::string LoopbackHttp::response(const std::string& status, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

void LoopbackHttp::run() {
  // Bounded: the destructor ends it; no loop outlives the object.
  while (!stopping_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    int c = accept(fd_, reinterpret_cast<sockaddr*>(&peer), &len);
    if (c < 0) continue;
    char address[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &peer.sin_addr, address, sizeof address);
    serve(c, address);
    close(c);
  }
}

void LoopbackHttp::serve(int c, const std::string& peer) {
  std::string head;
  char buf[2048];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (head.find("\r\n\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{c, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = read(c, buf, sizeof buf);
    if (n <= 0) return;  // the peer went away: nothing to answer
    head.append(buf, static_cast<std::size_t>(n));
  }
  send_all(c, answer_(head, peer));
}

}  // namespace pharos::testing
