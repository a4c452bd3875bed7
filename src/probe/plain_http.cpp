#include "probe/plain_http.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "core/duration.h"
#include "probe/engine.h"

namespace pharos::probe {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A system error for people: "Connection refused" → "connection refused".
std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string endpoint_text(const asio::ip::tcp::endpoint& ep) {
  return ep.address().to_string() + " port " + std::to_string(ep.port());
}

// Whether a custom header of this name replaces the one the request would carry by default.
bool has_header(const MonitorSpec& spec, std::string_view name) {
  return std::any_of(spec.headers.begin(), spec.headers.end(),
                     [&](const auto& h) { return iequals(h.first, name); });
}

}  // namespace

std::optional<PlainUrl> parse_plain_url(std::string_view url) {
  static constexpr std::string_view kScheme = "http://";
  if (url.size() <= kScheme.size() || !iequals(url.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of(" \t\r\n") != rest.npos) return std::nullopt;
  std::size_t end = rest.find_first_of("/?#");
  PlainUrl out;
  out.authority = rest.substr(0, end);
  std::string_view target = end == rest.npos ? std::string_view() : rest.substr(end);
  target = target.substr(0, target.find('#'));
  out.target = target.empty() || target.front() != '/' ? std::string_view() : target;
  if (!target.empty() && target.front() == '?') return std::nullopt;  // "/" would be prepended
  if (out.authority.empty() || out.authority.find('@') != out.authority.npos) return std::nullopt;
  std::string_view port;
  if (out.authority.front() == '[') {
    std::size_t close = out.authority.find(']');
    if (close == out.authority.npos) return std::nullopt;
    out.host = out.authority.substr(1, close - 1);
    std::string_view after = out.authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    if (!after.empty()) port = after.substr(1);
    if (!ip_literal(out.host)) return std::nullopt;  // zone ids and the like: libcurl's
  } else {
    std::size_t colon = out.authority.find(':');
    out.host = out.authority.substr(0, colon);
    if (colon != out.authority.npos) port = out.authority.substr(colon + 1);
  }
  if (out.host.empty() || out.host.find('%') != out.host.npos) return std::nullopt;
  if (!port.empty()) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return std::nullopt;
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

std::optional<asio::ip::address> ip_literal(std::string_view host) {
  char text[64];
  if (host.empty() || host.size() >= sizeof text) return std::nullopt;
  std::memcpy(text, host.data(), host.size());
  text[host.size()] = '\0';
  boost::system::error_code ec;
  auto address = asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  return address;
}

bool plain_eligible(const MonitorSpec& spec) {
  if (spec.kind == MonitorKind::kTcp) {
    // a connect only; a named node (list mode) is resolved by libcurl
  } else if (spec.kind != MonitorKind::kHttp || spec.follow_redirects ||
             !parse_plain_url(spec.url)) {
    return false;
  }
  if (spec.node_mode != NodeMode::kList) return true;
  return std::all_of(spec.nodes.begin(), spec.nodes.end(), [](const std::string& node) {
    return ip_literal(split_host_port(node).host).has_value();
  });
}

void build_request(const MonitorSpec& spec, const PlainUrl& url, std::string_view user_agent,
                   std::string& out) {
  // As libcurl: a body without a custom method is a POST; HEAD is sent as HEAD.
  std::string_view method = spec.method;
  if (!spec.body.empty() && method == "GET") method = "POST";
  out.clear();
  out.append(method).append(" ");
  out.append(url.target.empty() ? std::string_view("/") : url.target).append(" HTTP/1.1\r\n");
  if (!has_header(spec, "Host")) out.append("Host: ").append(url.authority).append("\r\n");
  if (!has_header(spec, "User-Agent") && !user_agent.empty()) {
    out.append("User-Agent: ").append(user_agent).append("\r\n");
  }
  if (!has_header(spec, "Accept")) out.append("Accept: */*\r\n");
  if (!spec.body.empty()) {
    if (!has_header(spec, "Content-Type")) {
      out.append("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, spec.body.size());
    out.append("Content-Length: ").append(digits, end).append("\r\n");
  }
  for (const auto& [name, value] : spec.headers) {
    if (iequals(name, "Connection") || iequals(name, "Content-Length")) continue;  // ours
    if (value.empty()) continue;  // as libcurl: "Name:" with no value removes the header
    out.append(name).append(": ").append(value).append("\r\n");
  }
  // A fresh connection per check, and the server's close ends a body without a length.
  out.append("Connection: close\r\n\r\n");
  out.append(spec.body);
}

ResponseParser::ResponseParser(std::string& body, std::size_t max_body)
    : body_(body), max_body_(max_body) {
  body_.clear();
  body_limit(boost::none);  // max_body is ours, with its own message
  eager(true);
}

std::size_t ResponseParser::on_body_impl(string_view data, error_code& ec) {
  if (body_.size() + data.size() > max_body_) {
    too_big_ = true;
    ec = http::error::body_limit;
    return 0;
  }
  body_.append(data.data(), data.size());
  return data.size();
}

std::size_t ResponseParser::on_chunk_body_impl(std::uint64_t, string_view data, error_code& ec) {
  return on_body_impl(data, ec);
}

void* HandlerMemory::allocate(std::size_t size) {
  for (auto& b : blocks_) {
    if (!b.used && size <= sizeof b.data) {
      b.used = true;
      return b.data;
    }
  }
  return ::operator new(size);  // larger than expected: correct, only slower
}

void HandlerMemory::deallocate(void* pointer) {
  for (auto& b : blocks_) {
    if (pointer == b.data) {
      b.used = false;
      return;
    }
  }
  ::operator delete(pointer);
}

PlainCheck::PlainCheck(asio::io_context& io, Done done)
    : socket_(io), timer_(io), done_(std::move(done)) {}

void PlainCheck::start(std::chrono::milliseconds timeout, std::size_t max_body,
                       const asio::ip::address* source) {
  started_ = std::chrono::steady_clock::now();
  timeout_ = timeout;
  max_body_ = max_body;
  source_ = source;
  next_endpoint_ = 0;
  buffered_ = 0;
  if (buffer_.size() > kReadBuffer) {  // grown for a large header: keep idle memory small
    buffer_.resize(kReadBuffer);
    buffer_.shrink_to_fit();
  }
  got_bytes_ = decided_ = delivered_ = false;
  connect_error_.clear();
  parser_.reset();
  body_.clear();
  if (body_.capacity() > std::size_t{64} * 1024) body_.shrink_to_fit();  // keep idle memory small
  response_.transport_ok = true;
  response_.transport_message.clear();
  response_.http_status = 0;
  response_.body = {};
  response_.timing = {};
  // The timer is pending for the whole check, so done() is never called from inside start().
  ++pending_;
  timer_.expires_after(timeout);
  timer_.async_wait(bound([this](const boost::system::error_code& ec) {
    --pending_;
    on_timeout(ec);
    settle();
  }));
  connect_next();
}

void PlainCheck::connect_next() {
  if (next_endpoint_ >= request_.endpoints.size()) {
    return fail(connect_error_.empty() ? "no address to connect to" : connect_error_);
  }
  const asio::ip::tcp::endpoint& ep = request_.endpoints[next_endpoint_++];
  boost::system::error_code ec;
  if (socket_.is_open()) socket_.close(ec);
  socket_.open(ep.protocol(), ec);
  if (ec) return fail("cannot open a socket: " + lower_first(ec.message()));
  if (source_ && !source_->is_unspecified()) {
    if (source_->is_v4() != ep.address().is_v4()) {
      connect_error_ = "cannot connect to " + endpoint_text(ep) + " from " + source_->to_string() +
                       ": not the same address family";
      return connect_next();
    }
    socket_.bind(asio::ip::tcp::endpoint(*source_, 0), ec);
    if (ec) {
      return fail("cannot bind to the source address " + source_->to_string() + ": " +
                  lower_first(ec.message()));
    }
  }
  ++pending_;
  socket_.async_connect(ep, bound([this](const boost::system::error_code& error) {
                          --pending_;
                          on_connected(error);
                          settle();
                        }));
}

void PlainCheck::on_connected(const boost::system::error_code& ec) {
  if (decided_) return;
  if (ec) {
    connect_error_ = "cannot connect to " + endpoint_text(request_.endpoints[next_endpoint_ - 1]) +
                     ": " + lower_first(ec.message());
    return connect_next();
  }
  response_.timing.connect_us = since_start_us();
  if (request_.bytes.empty()) return succeed();  // tcp: connecting was the check
  parser_.emplace(body_, max_body_);
  parser_->header_limit(static_cast<std::uint32_t>(kMaxHeader));
  if (request_.head) parser_->skip(true);
  ++pending_;
  // One write: the request head and body together, so Nagle never holds a part back.
  asio::async_write(socket_, asio::buffer(request_.bytes),
                    bound([this](const boost::system::error_code& error, std::size_t) {
                      --pending_;
                      on_written(error);
                      settle();
                    }));
}

void PlainCheck::on_written(const boost::system::error_code& ec) {
  if (decided_) return;
  if (ec) return fail("sending the request failed: " + lower_first(ec.message()));
  read_more();
}

void PlainCheck::read_more() {
  ++pending_;
  socket_.async_read_some(asio::buffer(buffer_.data() + buffered_, buffer_.size() - buffered_),
                          bound([this](const boost::system::error_code& ec, std::size_t n) {
                            --pending_;
                            on_read(ec, n);
                            settle();
                          }));
}

void PlainCheck::on_read(const boost::system::error_code& ec, std::size_t n) {
  if (decided_) return;
  if (n > 0 && !got_bytes_) {
    got_bytes_ = true;
    response_.timing.first_byte_us = since_start_us();
  }
  buffered_ += n;
  boost::beast::error_code parse_error;
  while (buffered_ > 0 && !parser_->is_done()) {
    std::size_t used = parser_->put(asio::buffer(buffer_.data(), buffered_), parse_error);
    std::memmove(buffer_.data(), buffer_.data() + used, buffered_ - used);
    buffered_ -= used;  // consumed even when more is needed (part of a chunk)
    if (parse_error == http::error::need_more) {
      parse_error = {};
      break;
    }
    if (parse_error || used == 0) break;
  }
  if (parse_error == http::error::body_limit && parser_->too_big()) {
    return fail("the response body is larger than max_body (" + std::to_string(max_body_) +
                " bytes)");
  }
  if (!parse_error && buffered_ == buffer_.size() && !parser_->is_header_done() &&
      buffer_.size() < kMaxHeader) {
    buffer_.resize(std::min(buffer_.size() * 2, kMaxHeader));  // a large header: room for more
  }
  if (parse_error == http::error::header_limit || buffered_ == buffer_.size()) {
    return fail("the response header is larger than " + std::to_string(kMaxHeader / 1024) + " KiB");
  }
  if (parse_error) return fail("the response is not HTTP: " + parse_error.message());
  if (parser_->is_done()) return succeed();
  if (ec == asio::error::eof) {
    if (!got_bytes_) return fail("no response: the server closed the connection");
    parser_->put_eof(parse_error);
    if (!parse_error) return succeed();  // a body delimited by the close
    if (!parser_->is_header_done()) return fail("the response ended inside its header");
    return fail(
        "the response ended early: the server closed the connection before the end of "
        "the body");
  }
  if (ec) return fail("receiving the response failed: " + lower_first(ec.message()));
  read_more();
}

void PlainCheck::on_timeout(const boost::system::error_code& ec) {
  if (decided_ || ec == asio::error::operation_aborted) return;
  fail("timed out after " + format_duration_config(timeout_));
}

void PlainCheck::fail(std::string message) {
  if (decided_) return;
  response_.transport_ok = false;
  response_.transport_message = std::move(message);
  decide();
}

void PlainCheck::succeed() {
  if (decided_) return;
  if (parser_) {
    response_.http_status = parser_->status();
    response_.body = body_;
  }
  decide();
}

void PlainCheck::decide() {
  decided_ = true;
  response_.timing.total_us = since_start_us();
  timer_.cancel();
  boost::system::error_code ignored;
  socket_.close(ignored);  // pending socket operations end with operation_aborted
}

void PlainCheck::abandon() {
  delivered_ = true;
  if (!decided_) decide();
}

void PlainCheck::settle() {
  if (!decided_ || delivered_ || pending_ > 0) return;
  delivered_ = true;
  done_(*this, response_);  // may start this object again: nothing of it is touched after
}

std::int64_t PlainCheck::since_start_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               started_)
      .count();
}

bool HostCache::find(std::string_view host, std::chrono::steady_clock::time_point now,
                     std::vector<asio::ip::address>& out) const {
  std::lock_guard lock(mu_);
  for (const auto& e : entries_) {
    if (e.host != host) continue;
    if (e.expires <= now) return false;
    out.assign(e.addresses.begin(), e.addresses.end());
    return true;
  }
  return false;
}

bool HostCache::fresh(std::string_view host, std::chrono::steady_clock::time_point now) const {
  std::lock_guard lock(mu_);
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.host == host && e.expires > now; });
}

void HostCache::put(std::string_view host, std::vector<asio::ip::address> addresses,
                    std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  auto same = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return e.host == host; });
  if (same == entries_.end()) {
    // Full: drop expired entries, then the one closest to expiry.
    if (entries_.size() >= capacity_) {
      std::erase_if(entries_, [&](const Entry& e) { return e.expires <= now; });
    }
    if (entries_.size() >= capacity_) {
      entries_.erase(
          std::min_element(entries_.begin(), entries_.end(),
                           [](const Entry& a, const Entry& b) { return a.expires < b.expires; }));
    }
    same = entries_.insert(entries_.end(), Entry{std::string(host), {}, {}});
  }
  same->addresses = std::move(addresses);
  same->expires = now + ttl_;
}

}  // namespace pharos::probe
