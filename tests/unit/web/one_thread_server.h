#pragma once
// A real HttpServer on 127.0.0.1:0 with one request thread and one handler thread, so which thread
// answers what is decided by the server, not by chance; and a gate a handler can block on until
// the test opens it. Every wait is bounded: a broken server must not hang a test.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "web/router.h"
#include "web/server/http_server.h"

namespace pharos::web {

class OneThreadServerTest : public ::testing::Test {
 protected:
  // Binds and runs the server on router_: add the routes first.
  void start_server() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.handler_threads = 1;
    server_ = std::make_unique<HttpServer>(options, router_);
    auto bound = server_->bind();
    ASSERT_TRUE(bound) << bound.error().describe();
    port_ = std::stoi(bound->substr(bound->rfind(':') + 1));
    runner_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    open_gate();
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
  }

  // Called by a handler: says it is at the gate, then waits until open_gate() (at most 10 s).
  void wait_at_gate() {
    entered_.set_value();
    gate_.wait_for(std::chrono::seconds(10));
  }
  // Whether a handler reached the gate within 5 s.
  bool handler_at_gate() {
    return at_gate_.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  }
  void open_gate() {
    if (!opened_) opening_.set_value();
    opened_ = true;
  }

  Router router_;
  int port_ = 0;

 private:
  std::promise<void> entered_;
  std::future<void> at_gate_ = entered_.get_future();
  std::promise<void> opening_;
  std::shared_future<void> gate_ = opening_.get_future().share();
  bool opened_ = false;
  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
};

}  // namespace pharos::web
