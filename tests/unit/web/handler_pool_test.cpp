// HttpServer runs a route's handler (which may block on the store or a site rebuild) off the
// request threads: with one request thread, a handler that blocks must not hold up the
// pre-rendered page on other connections. A real server on 127.0.0.1:0, raw HTTP; every wait is
// bounded.
#include <gtest/gtest.h>
#include <unistd.h>

#include "one_thread_server.h"
#include "support/http_client.h"

namespace pharos::web {
namespace {

class HandlerPoolTest : public OneThreadServerTest {
 protected:
  void SetUp() override {
    router_.add(Method::kPost, "/slow", [this](const Request&) {
      wait_at_gate();
      return Response::text(200, "slow done\n");
    });
    router_.set_fallback([](const Request&) { return Response::text(200, "the page\n"); });
    start_server();  // every connection on the one request thread
  }
};

TEST_F(HandlerPoolTest, ABlockedHandlerDoesNotHoldUpThePageOnTheSameRequestThread) {
  int slow = testing::connect_local(port_);
  ASSERT_GE(slow, 0);
  ASSERT_TRUE(
      testing::send_all(slow, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(handler_at_gate()) << "the slow handler never ran";

  // The slow handler is blocked now; the page must still answer on the one request thread.
  auto page = testing::request(port_, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "the page\n");

  open_gate();
  auto answer = testing::read_response(slow);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "slow done\n");
  ::close(slow);
}

TEST_F(HandlerPoolTest, KeepAliveContinuesAfterAnAnswerFromThePool) {
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  open_gate();  // the slow route answers at once in this test
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(testing::send_all(fd, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_EQ(testing::read_response(fd).status, 200);
  }
  ASSERT_TRUE(testing::send_all(fd, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  auto answer = testing::read_response(fd);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("connection"), "keep-alive");
  ASSERT_TRUE(testing::send_all(fd, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(testing::read_response(fd).body, "the page\n");
  ::close(fd);
}

}  // namespace
}  // namespace pharos::web
