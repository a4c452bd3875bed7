#pragma once
// The engines the store conformance suite runs on. Each test file instantiates its typed tests
// for PHAROS_STORE_BACKEND (SqliteBackend, PostgresBackend or FakeBackend, set by CMake), so the
// same assertions run once per engine, in binaries with their own CTest labels.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <string>

#include "storage/store.h"
#include "support/fake_store.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace pharos::testing {

// A fresh SQLite file per test.
class SqliteBackend {
 public:
  bool ready(std::string*) { return true; }
  std::string url() const { return "sqlite:" + dir_.file("data/pharos.db"); }
  Result<std::unique_ptr<Store>> open(const Clock& clock) const { return open_store(url(), clock); }
  // Runs SQL directly against the database, bypassing Pharos.
  bool exec(const std::string& sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(dir_.file("data/pharos.db").c_str(), &db) == SQLITE_OK &&
              sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }

 private:
  TempDir dir_;
};

// A fresh database per test on one throwaway server per test binary (started on first use,
// stopped at exit). Skips, saying why, when the server binaries are not installed.
class PostgresBackend {
 public:
  bool ready(std::string* why) {
    static std::string failure;
    static std::unique_ptr<PostgresServer> server = PostgresServer::start(&failure);
    if (!server) {
      *why = failure;
      return false;
    }
    static std::atomic<int> next{0};
    server_ = server.get();
    name_ = "conformance_" + std::to_string(next++);
    url_ = server_->create_database(name_);
    return true;
  }
  std::string url() const { return url_; }
  Result<std::unique_ptr<Store>> open(const Clock& clock) const { return open_store(url(), clock); }
  bool exec(const std::string& sql) { return server_->run_sql(name_, sql); }

 private:
  PostgresServer* server_ = nullptr;
  std::string name_;
  std::string url_;
};

// The in-memory FakeStore the unit tests use (support/fake_store.h), held to the Store's contract
// (store_test.cpp only): every open() shares one data set, as stores on one database do. No SQL.
class FakeBackend {
 public:
  bool ready(std::string*) { return true; }
  std::string url() const { return "fake:"; }
  Result<std::unique_ptr<Store>> open(const Clock& clock) {
    if (!origin_) origin_ = std::make_unique<FakeStore>(clock);
    return std::unique_ptr<Store>(origin_->share(clock));
  }
  bool exec(const std::string&) { return false; }

 private:
  std::unique_ptr<FakeStore> origin_;
};

using StoreBackends = ::testing::Types<PHAROS_STORE_BACKEND>;

// Base of every conformance fixture: the backend, ready or the test skipped.
template <typename Backend>
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!backend_.ready(&why)) GTEST_SKIP() << "PostgreSQL tests skipped: " << why;
    url_ = backend_.url();
  }
  Backend backend_;
  std::string url_;
};

}  // namespace pharos::testing
