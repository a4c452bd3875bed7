// Name resolution for per-node checks and the dns kind. Blocking; runs on the engine's resolver
// thread, never on the transfer loop.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>

#include "probe/engine.h"

namespace pharos::probe {

HostPort split_host_port(std::string_view text) {
  HostPort out;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    out.host = text.substr(1, close == text.npos ? text.npos : close - 1);
    if (close != text.npos && close + 1 < text.size() && text[close + 1] == ':') {
      std::from_chars(text.data() + close + 2, text.data() + text.size(), out.port);
    }
    return out;
  }
  size_t colon = text.rfind(':');
  if (colon == text.npos || text.find(':') != colon) {  // no port, or a bare IPv6 address
    out.host = text;
    return out;
  }
  out.host = text.substr(0, colon);
  std::from_chars(text.data() + colon + 1, text.data() + text.size(), out.port);
  return out;
}

Result<std::vector<std::string>> resolve_all(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) return Error::unavailable("cannot resolve " + host + ": " + gai_strerror(rc));
  std::vector<std::string> out;
  for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* addr = nullptr;
    if (a->ai_family == AF_INET) {
      addr = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
    } else if (a->ai_family == AF_INET6) {
      addr = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
    }
    if (addr == nullptr || inet_ntop(a->ai_family, addr, text, sizeof text) == nullptr) continue;
    if (std::find(out.begin(), out.end(), text) == out.end()) out.emplace_back(text);
  }
  freeaddrinfo(list);
  if (out.empty()) return Error::unavailable("cannot resolve " + host + ": no addresses");
  return out;
}

}  // namespace pharos::probe
