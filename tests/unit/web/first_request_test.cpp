// A new connection's first request is read and answered on the listener's thread, not behind the
// request threads' ready connections (session.h); then a keep-alive connection moves to its
// request thread. The request thread is kept busy here deterministically: the page handler (which
// runs on the request thread, not the handler pool) blocks for one path until the test releases
// it, so a server that queued new connections on the request threads cannot answer in time. A
// real server on 127.0.0.1:0, raw HTTP; every wait is bounded.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "one_thread_server.h"
#include "support/http_client.h"

namespace pharos::web {
namespace {

using namespace std::chrono_literals;

class FirstRequestTest : public OneThreadServerTest {
 protected:
  void SetUp() override {
    // The fallback (the pre-rendered page) answers on the thread that serves the connection.
    router_.set_fallback([this](const Request& request) {
      if (request.path == "/stall") {
        wait_at_gate();
        return Response::text(200, "stalled\n");
      }
      return Response::text(200, "page " + request.path + "\n");
    });
    router_.add(Method::kPost, "/change",
                [](const Request&) { return Response::text(201, "ok\n"); });
    start_server();  // one request thread: every keep-alive connection ends up there
  }
};

TEST_F(FirstRequestTest, ANewConnectionIsAnsweredWhileTheRequestThreadIsBusy) {
  // A keep-alive client: its first answer comes from the listener, then it moves to the one
  // request thread, where its second request blocks that thread.
  int busy = testing::connect_local(port_);
  ASSERT_GE(busy, 0);
  ASSERT_TRUE(testing::send_all(busy, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(testing::read_response(busy).body, "page /first\n");
  ASSERT_TRUE(testing::send_all(busy, "GET /stall HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(handler_at_gate()) << "the stalling request never ran";

  // The request thread is blocked now; a new client's first request must still be answered.
  int fresh = testing::connect_local(port_);
  ASSERT_GE(fresh, 0);
  ASSERT_TRUE(testing::send_all(fresh, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto page = testing::read_response(fresh, false, 3000);
  EXPECT_EQ(page.status, 200) << "a new connection waited behind the busy request thread";
  EXPECT_EQ(page.body, "page /\n");
  EXPECT_EQ(page.header("connection"), "keep-alive");

  // Its next request is the request thread's, which answers once it is free again.
  ASSERT_TRUE(testing::send_all(fresh, "GET /second HTTP/1.1\r\nHost: x\r\n\r\n"));
  open_gate();
  EXPECT_EQ(testing::read_response(busy).body, "stalled\n");
  EXPECT_EQ(testing::read_response(fresh).body, "page /second\n");
  ::close(busy);
  ::close(fresh);
}

TEST_F(FirstRequestTest, PipelinedRequestsFollowTheConnectionToItsRequestThread) {
  // Three requests in one segment: the first is answered on the listener, the two still in the
  // read buffer after the move.
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(testing::send_all(fd,
                                "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                                "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  // The answers may arrive in one segment: read everything up to the close (bounded), in order.
  std::string all;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    all.append(chunk, static_cast<size_t>(n));
  }
  auto a = all.find("\r\n\r\npage /a\n");
  auto b = all.find("\r\n\r\npage /b\n");
  auto c = all.find("Connection: close\r\n");
  auto c_body = all.find("\r\n\r\npage /c\n");
  ASSERT_NE(a, std::string::npos) << all;
  ASSERT_NE(b, std::string::npos) << all;
  ASSERT_NE(c_body, std::string::npos) << all;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, c_body);
  ::close(fd);
}

TEST_F(FirstRequestTest, AnAnswerFromTheHandlerPoolIsWrittenBeforeTheMove) {
  // A route's handler runs on the handler pool; its answer comes back to the listener, then the
  // connection moves, and so on for each request.
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        testing::send_all(fd, "POST /change HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
    auto answer = testing::read_response(fd);
    EXPECT_EQ(answer.status, 201) << "request " << i;
    EXPECT_EQ(answer.header("connection"), "keep-alive");
  }
  ::close(fd);
}

}  // namespace
}  // namespace pharos::web
