#pragma once
// One HTTP connection (internal to server/). Owns its socket, parser and read buffer; handles one
// request at a time on the io_context (one thread) it was accepted onto. See http_server.h for
// the limits it enforces.
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/router.h"
#include "web/server/http_server.h"

namespace pharos::web {

// State shared by the listener and every session; outlives them (owned by HttpServer::Impl).
struct ServerShared {
  const Router& router;
  ServerOptions options;
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> in_flight{0};  // requests being handled or written
  std::atomic<bool> stopping{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, ServerShared& shared);
  ~Session();
  void start();

 private:
  void read_request();
  void on_first_bytes(boost::beast::error_code ec);
  void on_request_read(boost::beast::error_code ec);
  void handle_request();
  void reject(unsigned status, const char* message);
  void write(bool keep_alive);
  void write_with_sendfile(bool keep_alive);
  void send_file_body(std::size_t offset, bool keep_alive);
  void on_written(bool keep_alive, boost::beast::error_code ec);
  void close();

  boost::beast::tcp_stream stream_;
  ServerShared& shared_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Response response_;
  std::string head_;
  std::string peer_address_;  // the client's IP address, for per-address limits
  boost::asio::steady_timer write_timer_;  // bounds waits for a writable socket during sendfile
};

}  // namespace pharos::web
