#pragma once
// A gtest fixture for suites that share one throwaway PostgreSQL server (support/postgres.h):
// started before the suite's first test and stopped after its last, with a new database for
// each test. Where the server cannot start (no server binaries) every test is skipped, saying why.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "support/postgres.h"

namespace pharos::testing {

class PostgresSuite : public ::testing::Test {
 protected:
  // Each test's database is `db_prefix` and a number.
  explicit PostgresSuite(std::string db_prefix) : db_prefix_(std::move(db_prefix)) {}

  static void SetUpTestSuite() { server_ = PostgresServer::start(&why_).release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() final {
    if (!server_) GTEST_SKIP() << "PostgreSQL tests skipped: " << why_;
    static int next = 0;
    db_ = db_prefix_ + std::to_string(next++);
    url_ = server_->create_database(db_);
    prepare();
  }
  // The fixture's own setup, once the test's database exists (a skipped test never gets here).
  virtual void prepare() {}

  static inline PostgresServer* server_ = nullptr;
  static inline std::string why_;
  std::string db_;   // this test's database
  std::string url_;  // its URI

 private:
  std::string db_prefix_;
};

}  // namespace pharos::testing
