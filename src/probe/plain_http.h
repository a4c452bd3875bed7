#pragma once
// The plain-HTTP transport: http:// checks without redirects and tcp (connect-only) checks, on
// Boost.Asio sockets and Beast's response parser, beside libcurl (which keeps TLS, redirects and
// everything else). libcurl spends ~14 system calls and ~55 allocations on a check that needs
// socket, connect, send, recv and close; this path makes those calls and, once its objects are
// warm, allocates nothing per check (issue #17).
//
// A PlainCheck is one check of one node: a fresh connection (a reused one hides connect
// failures), `Connection: close`, the monitor's timeout over the whole check, the body bounded by
// max_body. Objects are reused from check to check by the engine, which runs them on its
// io_context (the engine thread).
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/basic_parser.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/monitor.h"
#include "probe/evaluate.h"

namespace pharos::probe {

// The parts of an http:// URL this path needs, as views into the URL.
struct PlainUrl {
  std::string_view host;       // without brackets for IPv6
  std::uint16_t port = 80;     //
  std::string_view authority;  // host[:port] as written: the Host header
  std::string_view target;     // path and query ("/" when empty), without the fragment
};

// nullopt unless `url` is a plain http:// URL this path handles (no user info, a valid port);
// anything else is left to libcurl.
std::optional<PlainUrl> parse_plain_url(std::string_view url);

// Whether `spec` is checked by this transport: kind http with an http:// URL and no redirects, or
// kind tcp; list nodes must be IP literals (a named node stays on libcurl, which resolves it).
bool plain_eligible(const MonitorSpec& spec);

// An IP literal (IPv4 or IPv6, no brackets), or nullopt.
std::optional<boost::asio::ip::address> ip_literal(std::string_view host);

// Keeps the status and the body of a response, the body bounded by max_body; everything else is
// parsed (Content-Length, chunked, close-delimited) and dropped.
class ResponseParser : public boost::beast::http::basic_parser<false> {
 public:
  // `body` is the caller's buffer (cleared here), reused from check to check.
  ResponseParser(std::string& body, std::size_t max_body);

  int status() const { return status_; }
  bool too_big() const { return too_big_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;
  void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                       error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { status_ = code; }
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view data, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view data, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  std::string& body_;
  std::size_t max_body_;
  int status_ = 0;
  bool too_big_ = false;
};

// What a check is sent: the request bytes (empty for tcp) and where they go.
struct PlainRequest {
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // tried in order
  std::string bytes;                                      // the whole request; empty: connect only
  bool head = false;                                      // HEAD: the response has no body
};

// Writes the request `spec` sends (as the libcurl path does: method, Host, User-Agent, Accept,
// custom headers replacing those, the body with its length, and Connection: close) into `out`,
// reusing its capacity. REQUIRES: plain_eligible(spec) and kind http.
void build_request(const MonitorSpec& spec, const PlainUrl& url, std::string_view user_agent,
                   std::string& out);

// Memory for the handlers of one check's operations. At most one socket operation and the timer
// wait are pending at a time, so a few blocks serve every check: Asio's own recycling keeps only
// two blocks per thread, and a burst of checks in flight would otherwise allocate per operation.
class HandlerMemory {
 public:
  HandlerMemory() = default;
  HandlerMemory(const HandlerMemory&) = delete;
  HandlerMemory& operator=(const HandlerMemory&) = delete;
  void* allocate(std::size_t size);
  void deallocate(void* pointer);

 private:
  struct Block {
    alignas(std::max_align_t) unsigned char data[384];
    bool used = false;
  };
  std::array<Block, 3> blocks_{};
};

// The allocator Asio uses for a handler bound to it (asio::bind_allocator).
template <class T>
struct HandlerAllocator {
  using value_type = T;
  explicit HandlerAllocator(HandlerMemory& m) : memory(&m) {}
  template <class U>
  HandlerAllocator(const HandlerAllocator<U>& other) : memory(other.memory) {}  // NOLINT
  T* allocate(std::size_t n) { return static_cast<T*>(memory->allocate(sizeof(T) * n)); }
  void deallocate(T* pointer, std::size_t) { memory->deallocate(pointer); }
  template <class U>
  bool operator==(const HandlerAllocator<U>& other) const {
    return memory == other.memory;
  }
  HandlerMemory* memory;
};

// One check of one node at a time; reused for the next one once done() has been called and no
// operation of it is pending (idle()).
class PlainCheck {
 public:
  // Called once per check, on the io_context's thread, never from inside start().
  using Done = std::function<void(PlainCheck&, const ProbeResponse&)>;

  PlainCheck(boost::asio::io_context& io, Done done);

  // Everything in `request` is used until done; `source` (unspecified: the system's choice) is
  // bound before connecting.
  void start(std::chrono::milliseconds timeout, std::size_t max_body,
             const boost::asio::ip::address* source);

  // Ends the check without calling done(): the engine is stopping. Its pending operations still
  // complete (with operation_aborted) and must run before the object is destroyed.
  void abandon();

  // The request of the next start(): fill it before calling start().
  PlainRequest& request() { return request_; }
  // Whether no operation is pending: the object may be started again.
  bool idle() const { return pending_ == 0; }
  // The engine's bookkeeping (what round and node this check is for).
  void* owner = nullptr;
  std::size_t node = 0;
  std::size_t slot = 0;

 private:
  void connect_next();
  void on_connected(const boost::system::error_code& ec);
  void on_written(const boost::system::error_code& ec);
  void read_more();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void on_timeout(const boost::system::error_code& ec);
  void fail(std::string message);
  void succeed();
  void decide();
  void settle();
  std::int64_t since_start_us() const;

  template <class Handler>
  auto bound(Handler handler) {
    return boost::asio::bind_allocator(HandlerAllocator<char>(memory_), std::move(handler));
  }

  HandlerMemory memory_;  // first: it outlives the socket and timer whose handlers use it
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  Done done_;
  PlainRequest request_;
  std::chrono::milliseconds timeout_{0};
  const boost::asio::ip::address* source_ = nullptr;
  std::size_t next_endpoint_ = 0;
  std::size_t max_body_ = 0;
  std::optional<ResponseParser> parser_;
  std::string body_;
  // Unparsed response bytes. A header must fit whole (Beast parses it in one piece): the buffer
  // starts at kReadBuffer and grows for a larger header up to kMaxHeader, libcurl's limit, so a
  // response both transports accept is the same; start() shrinks it back.
  static constexpr std::size_t kReadBuffer = 16 * 1024;
  static constexpr std::size_t kMaxHeader = 100 * 1024;
  std::vector<char> buffer_ = std::vector<char>(kReadBuffer);
  std::size_t buffered_ = 0;
  bool got_bytes_ = false;
  bool decided_ = false;    // the outcome is known; waiting for pending operations to end
  bool delivered_ = false;  // done() was called
  std::string connect_error_;
  int pending_ = 0;  // operations started and not completed (socket and timer)
  std::chrono::steady_clock::time_point started_;
  ProbeResponse response_;
};

// Host → addresses for hostnames in http:// URLs, so a check neither blocks the loop nor looks
// the name up each time: entries live `ttl` (libcurl's DNS cache keeps 60 s) and at most
// `capacity` are kept. Filled by the engine's resolver thread; thread-safe.
class HostCache {
 public:
  explicit HostCache(std::chrono::seconds ttl = std::chrono::seconds(60),
                     std::size_t capacity = 1024)
      : ttl_(ttl), capacity_(capacity) {}

  // Copies the fresh addresses of `host` into `out` (reusing its capacity); false when there is no
  // fresh entry.
  bool find(std::string_view host, std::chrono::steady_clock::time_point now,
            std::vector<boost::asio::ip::address>& out) const;
  // Whether `host` has a fresh entry.
  bool fresh(std::string_view host, std::chrono::steady_clock::time_point now) const;
  void put(std::string_view host, std::vector<boost::asio::ip::address> addresses,
           std::chrono::steady_clock::time_point now);

 private:
  struct Entry {
    std::string host;
    std::vector<boost::asio::ip::address> addresses;
    std::chrono::steady_clock::time_point expires;
  };
  std::chrono::seconds ttl_;
  std::size_t capacity_;
  mutable std::mutex mu_;
  std::vector<Entry> entries_;  // small (one per distinct host): a linear search is cheapest
};

}  // namespace pharos::probe
