#pragma once
// One HTTP connection (internal to server/). Owns its socket, parser and read buffer; handles one
// request at a time on one io_context (one thread), except that a handler which may block runs on
// the server's handler pool (the answer is written back on the session's own thread). A new
// connection starts on the listener's context, which reads, answers and writes its first request
// without waiting behind a busy request thread's ready connections (as nginx reads a new
// connection in the pass that accepts it); once that answer is written, a keep-alive connection
// moves to its request thread (`home`) for the rest of its life. See http_server.h for the limits
// it enforces.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/router.h"
#include "web/server/http_server.h"
#include "web/server/pressure.h"

namespace pharos::web {

struct ServerShared;

// Under pressure (pressure.h) a session may be evicted from the listener's thread while it waits
// for a request: its slot is taken back at once and its close is posted to its own thread. The
// session checks, under ServerShared::reusable_mutex, whether that happened whenever it starts
// or stops waiting.
class Session : public std::enable_shared_from_this<Session>, public ReusableHook {
 public:
  // `peer_address` was counted in shared.addresses (when a per-address cap is set). `socket`
  // belongs to the context the session starts on (the listener's); `home` is the request
  // thread's context it moves to after its first answer (null: it stays where it starts).
  Session(boost::asio::ip::tcp::socket socket, ServerShared& shared, std::string peer_address,
          boost::asio::io_context* home);
  ~Session();
  // Starts reading on the session's own io_context. REQUIRES: make_reusable() was called.
  void start();
  // Joins the back of the reusable queue (the newest); false when it was evicted meanwhile.
  bool make_reusable();
  // Takes back its slot and posts its close to its own thread: its slot is needed and it is
  // idle or its head is incomplete. REQUIRES: shared.reusable_mutex held, popped off the queue.
  void evict();

 private:
  void read_request();
  void on_first_bytes(boost::beast::error_code ec);
  void on_head(bool restart_timer);
  void on_request_read(boost::beast::error_code ec);
  void handle_request();
  void reject(unsigned status, const char* message);
  void write(bool keep_alive);
  void write_with_sendfile(bool keep_alive);
  void send_file_body(std::size_t offset, bool keep_alive);
  void on_written(bool keep_alive, boost::beast::error_code ec);
  // Between requests, off the reusable queue, nothing pending: hands the socket (and whatever
  // pipelined bytes are buffered) to the home context and reads the next request there.
  void move_home();
  void close();
  // Leaves the reusable queue: the session is working (or closing); false when it was evicted.
  bool make_busy();
  void release_slot();
  // The wait for a request (head) that is about to start: `normal`, or the pressure timeout
  // when that is shorter and connections are near the cap.
  std::chrono::milliseconds wait_limit(std::chrono::milliseconds normal) const;

  std::optional<boost::beast::tcp_stream> stream_;  // re-made on its home context by move_home()
  ServerShared& shared_;
  bool evicted_ = false;             // GUARDED_BY(shared_.reusable_mutex)
  std::atomic<bool> counted_{true};  // still holds a slot in connections (and addresses)
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Response response_;
  std::string head_;
  std::string peer_address_;               // the client's IP address, for per-address limits
  boost::asio::steady_timer write_timer_;  // bounds waits for a writable socket during sendfile
  boost::asio::io_context* home_;          // null once the session lives there
};

// State shared by the listener and every session; outlives them (owned by HttpServer::Impl).
struct ServerShared {
  ServerShared(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        high_water(web::high_water(options.max_connections)),
        addresses(options.max_connections_per_address) {}

  // From high_water until connections fall a further cap/16 below it (drains hold them just
  // under high_water while clients keep coming): new waits use pressure_timeout.
  bool under_pressure() const { return pressured.load(std::memory_order_relaxed); }

  const Router& router;
  ServerOptions options;  // max_connections already fitted to the fd limit
  // Runs the handlers that may block (Router::Resolved::may_block); owned by HttpServer::Impl.
  boost::asio::thread_pool* handlers = nullptr;
  std::size_t high_water;
  AddressCounts addresses;
  std::atomic<std::size_t> connections{0};  // sessions holding a slot
  std::atomic<std::size_t> in_flight{0};    // requests being handled or written
  std::atomic<std::uint64_t> evicted{0};    // reusable connections closed to free a slot
  std::atomic<bool> stopping{false};
  std::atomic<bool> pressured{false};  // written only by the listener (note_pressure)
  // Sessions of every thread that wait for a request or its head, oldest first. Held only for
  // list operations (and evictions, which post the close); never while doing I/O.
  std::mutex reusable_mutex;
  ReusableQueue<Session> reusable;  // GUARDED_BY(reusable_mutex)
};

}  // namespace pharos::web
