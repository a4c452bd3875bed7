#include "web/server/session.h"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include "core/log.h"

namespace pharos::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

// "Date: …\r\n" for the current second, formatted once per second per thread.
const std::string& date_line() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string line;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    cached_at = now;
    char buf[64];
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    line = buf;
  }
  return line;
}

// Splits the request target into a decoded path and the raw query.
void split_target(std::string_view target, Request& request) {
  size_t q = target.find('?');
  request.path = percent_decode(target.substr(0, q));
  if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
  if (request.path.empty()) request.path = "/";
}

}  // namespace

Session::Session(asio::ip::tcp::socket socket, ServerShared& shared, std::string peer_address,
                 asio::io_context* home)
    : stream_(std::in_place, std::move(socket)),
      shared_(shared),
      peer_address_(std::move(peer_address)),
      write_timer_(stream_->get_executor()),
      home_(home) {
  shared_.connections.fetch_add(1);
  beast::error_code ignored;
  stream_->socket().native_non_blocking(true, ignored);  // sendfile must never block the thread
}

Session::~Session() {
  {
    std::lock_guard lock(shared_.reusable_mutex);
    shared_.reusable.remove(*this);
  }
  release_slot();
}

void Session::start() {
  asio::dispatch(stream_->get_executor(), [self = shared_from_this()] { self->read_request(); });
}

bool Session::make_reusable() {
  std::lock_guard lock(shared_.reusable_mutex);
  if (evicted_) return false;
  shared_.reusable.push_back(*this);
  return true;
}

bool Session::make_busy() {
  std::lock_guard lock(shared_.reusable_mutex);
  shared_.reusable.remove(*this);
  return !evicted_;
}

void Session::evict() {
  evicted_ = true;
  shared_.evicted.fetch_add(1);
  release_slot();  // the slot is free now; the socket closes on the session's own thread
  // Null while the session is being destroyed (its destructor waits for the mutex we hold).
  if (auto self = weak_from_this().lock()) {
    asio::post(stream_->get_executor(), [self] { self->close(); });
  }
}

std::chrono::milliseconds Session::wait_limit(std::chrono::milliseconds normal) const {
  return shared_.under_pressure() ? std::min(normal, shared_.options.pressure_timeout) : normal;
}

void Session::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
  parser_->body_limit(shared_.options.body_limit);
  // Until its request head is complete the connection does no work: a drain may close it.
  if (!make_reusable()) return close();
  // Phase 1: wait for the first bytes of the next request, up to the idle (keep-alive) timeout.
  // Bytes already buffered (pipelining) skip straight to phase 2.
  stream_->expires_after(wait_limit(buffer_.size() > 0 ? shared_.options.request_timeout
                                                       : shared_.options.idle_timeout));
  http::async_read_some(
      *stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_first_bytes(ec); });
}

void Session::on_first_bytes(beast::error_code ec) {
  if (ec) return on_request_read(ec);
  if (parser_->is_header_done()) return on_head(true);
  // Phase 2: the rest of the head must arrive within request_timeout (slowloris defence).
  stream_->expires_after(wait_limit(shared_.options.request_timeout));
  http::async_read_header(*stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code e, std::size_t) {
                            if (e) return self->on_request_read(e);
                            self->on_head(false);
                          });
}

// The head is complete: the connection is working now and no longer evictable. Its body (if
// any) must arrive within request_timeout of the head's start (or of now, when the head came
// in the first read).
void Session::on_head(bool restart_timer) {
  if (!make_busy()) return close();  // evicted just before its head completed
  if (parser_->is_done()) return on_request_read({});
  if (restart_timer) stream_->expires_after(shared_.options.request_timeout);
  http::async_read(
      *stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_request_read(e); });
}

void Session::on_request_read(beast::error_code ec) {
  if (ec == http::error::header_limit) return reject(431, "request header too large");
  if (ec == http::error::body_limit) return reject(413, "request body too large");
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
    return close();
  }
  if (ec) return reject(400, "malformed request");
  handle_request();
}

void Session::handle_request() {
  shared_.in_flight.fetch_add(1);
  const auto& message = parser_->get();
  Request request;
  request.method = parse_method(view(message.method_string()));
  split_target(view(message.target()), request);
  for (const auto& field : message) {
    request.headers.push_back({view(field.name_string()), view(field.value())});
  }
  request.body = message.body();
  request.peer_address = peer_address_;
  bool keep_alive = message.keep_alive();
  auto resolved = shared_.router.resolve(request);
  if (!resolved.may_block() || !shared_.handlers) {
    response_ = shared_.router.answer(request, resolved);
    return write(keep_alive && !shared_.stopping.load());
  }
  // A handler that blocks runs on the handler pool; this thread goes on serving its other
  // connections, and the answer comes back here to be written. The request's views point into
  // the parser and peer_address_, which stay put until the next read, after the write.
  asio::post(*shared_.handlers, [self = shared_from_this(), request = std::move(request),
                                 resolved = std::move(resolved), keep_alive]() mutable {
    Response response = self->shared_.router.answer(request, resolved);
    asio::post(self->stream_->get_executor(),
               [self, response = std::move(response), keep_alive]() mutable {
                 self->response_ = std::move(response);
                 self->write(keep_alive && !self->shared_.stopping.load());
               });
  });
}

void Session::reject(unsigned status, const char* message) {
  if (!make_busy()) return close();  // answering now, unless its slot was taken back
  shared_.in_flight.fetch_add(1);
  response_ = Response::text(status, std::string(message) + "\n");
  write(false);
}

void Session::write(bool keep_alive) {
  const Response& r = response_;
  std::string_view body = r.body_view();
  head_.clear();
  head_.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ");
  head_.append(reason_phrase(r.status)).append("\r\n");
  head_.append(date_line());
  head_.append(keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
  if (r.status != 304 && r.status != 204) {
    head_.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  if (!r.omit_body && r.body_fd >= 0 && !body.empty()) return write_with_sendfile(keep_alive);
  std::array<asio::const_buffer, 4> buffers{
      asio::buffer(head_), asio::buffer(r.shared_headers.data(), r.shared_headers.size()),
      asio::buffer(r.headers), asio::buffer("\r\n", 2)};
  std::array<asio::const_buffer, 5> with_body{buffers[0], buffers[1], buffers[2], buffers[3],
                                              asio::buffer(body.data(), body.size())};
  stream_->expires_after(shared_.options.write_timeout);
  auto done = [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
    self->on_written(keep_alive, ec);
  };
  if (r.omit_body)
    asio::async_write(*stream_, buffers, std::move(done));
  else
    asio::async_write(*stream_, with_body, std::move(done));
}

// Large pre-rendered bodies live in memfds: the header goes out with MSG_MORE, then sendfile(2)
// moves the body without a copy through user space (nginx's static-file path).
void Session::write_with_sendfile(bool keep_alive) {
  head_.append(response_.shared_headers).append(response_.headers).append("\r\n");
  int fd = stream_->socket().native_handle();
  ssize_t n = ::send(fd, head_.data(), head_.size(), MSG_MORE | MSG_NOSIGNAL);
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    return on_written(false, beast::error_code(errno, boost::system::system_category()));
  }
  size_t sent = n < 0 ? 0 : static_cast<size_t>(n);
  if (sent == head_.size()) return send_file_body(0, keep_alive);
  head_.erase(0, sent);
  stream_->expires_after(shared_.options.write_timeout);
  asio::async_write(*stream_, asio::buffer(head_),
                    [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                      if (ec) return self->on_written(keep_alive, ec);
                      self->send_file_body(0, keep_alive);
                    });
}

void Session::send_file_body(std::size_t offset, bool keep_alive) {
  int fd = stream_->socket().native_handle();
  size_t size = response_.body_view().size();
  off_t off = static_cast<off_t>(offset);
  while (static_cast<size_t>(off) < size) {
    ssize_t n = ::sendfile(fd, response_.body_fd, &off, size - static_cast<size_t>(off));
    if (n > 0 || (n < 0 && errno == EINTR)) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Wait until the client drains its socket, at most write_timeout.
      write_timer_.expires_after(shared_.options.write_timeout);
      write_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->stream_->socket().close(ec);
      });
      size_t at = static_cast<size_t>(off);
      stream_->socket().async_wait(
          asio::ip::tcp::socket::wait_write,
          [self = shared_from_this(), at, keep_alive](beast::error_code ec) {
            self->write_timer_.cancel();
            if (ec) return self->on_written(keep_alive, ec);
            self->send_file_body(at, keep_alive);
          });
      return;
    }
    return on_written(keep_alive,
                      beast::error_code(n < 0 ? errno : EIO, boost::system::system_category()));
  }
  on_written(keep_alive, {});
}

void Session::on_written(bool keep_alive, beast::error_code ec) {
  shared_.in_flight.fetch_sub(1);
  response_ = Response();  // drop the snapshot reference promptly
  if (ec || !keep_alive) return close();
  if (home_) return move_home();
  read_request();
}

// The socket leaves this context's reactor (release(): nothing is pending, so nothing is
// cancelled) and joins the home context's; the timers are re-made there. No other thread can
// touch the session meanwhile: it is off the reusable queue (an eviction only reaches sessions
// on it) and has no operation in flight.
void Session::move_home() {
  asio::io_context& home = *home_;
  home_ = nullptr;
  beast::error_code ec;
  auto protocol = stream_->socket().local_endpoint(ec).protocol();
  int fd = ec ? -1 : stream_->socket().release(ec);
  if (ec || fd < 0) return close();
  asio::ip::tcp::socket moved(home);
  moved.assign(protocol, fd, ec);
  if (ec) {
    ::close(fd);
    return close();
  }
  moved.native_non_blocking(true, ec);  // the flag is the descriptor's; asio's record of it is not
  stream_.emplace(std::move(moved));    // the old stream (its timer on this context) goes here
  write_timer_ = asio::steady_timer(home);
  asio::post(home, [self = shared_from_this()] { self->read_request(); });
}

void Session::close() {
  make_busy();
  release_slot();
  beast::error_code ignored;
  stream_->socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_->close();
}

void Session::release_slot() {
  if (!counted_.exchange(false)) return;
  shared_.connections.fetch_sub(1);
  shared_.addresses.remove(peer_address_);
}

}  // namespace pharos::web
