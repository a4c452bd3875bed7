// HttpServer runs a route's handler (which may block on the store or a site rebuild) off the
// request threads: with one request thread, a handler that blocks must not hold up the
// pre-rendered page on other connections. A real server on 127.0.0.1:0, raw HTTP; every wait is
// bounded.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "support/http_client.h"
#include "web/router.h"
#include "web/server/http_server.h"

namespace pharos::web {
namespace {

using namespace std::chrono_literals;

class HandlerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(Method::kPost, "/slow", [this](const Request&) {
      entered_.set_value();
      release_.wait_for(10s);  // bounded: a broken server must not hang the test
      return Response::text(200, "slow done\n");
    });
    router_.set_fallback([](const Request&) { return Response::text(200, "the page\n"); });
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;  // every connection on the one request thread
    options.handler_threads = 1;
    server_ = std::make_unique<HttpServer>(options, router_);
    auto bound = server_->bind();
    ASSERT_TRUE(bound) << bound.error().describe();
    port_ = std::stoi(bound->substr(bound->rfind(':') + 1));
    runner_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    release_promise_.set_value();
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }

  Router router_;
  std::promise<void> entered_;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
  int port_ = 0;
};

TEST_F(HandlerPoolTest, ABlockedHandlerDoesNotHoldUpThePageOnTheSameRequestThread) {
  int slow = testing::connect_local(port_);
  ASSERT_GE(slow, 0);
  ASSERT_TRUE(
      testing::send_all(slow, "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
  auto entered = entered_.get_future();
  ASSERT_EQ(entered.wait_for(5s), std::future_status::ready) << "the slow handler never ran";

  // The slow handler is blocked now; the page must still answer on the one request thread.
  auto page = testing::request(port_, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "the page\n");

  release_promise_.set_value();
  release_promise_ = std::promise<void>();  // TearDown sets a fresh one
  auto answer = testing::read_response(slow);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "slow done\n");
  ::close(slow);
}

TEST_F(HandlerPoolTest, KeepAliveContinuesAfterAnAnswerFromThePool) {
  int fd = testing::connect_local(port_);
  ASSERT_GE(fd, 0);
  release_promise_.set_value();  // the slow route answers at once in this test
  release_promise_ = std::promise<void>();
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
