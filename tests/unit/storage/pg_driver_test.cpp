// What only the PostgreSQL driver does: a capped pool, statement_timeout, lost connections
// replaced. Runs in the PostgreSQL conformance binary only.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "backend.h"
#include "storage/db/open.h"

namespace pharos::db {
namespace {

using testing::PostgresBackend;

class PgDriverTest : public testing::BackendTest<PostgresBackend> {
 protected:
  std::unique_ptr<Database> open(const std::string& settings) {
    auto db = open_database(url_ + settings, Durability::kDurable);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return db.ok() ? std::move(*db) : nullptr;
  }
};

TEST_F(PgDriverTest, ThePoolIsCappedAndAWaitingCallerGivesUpInTime) {
  auto db = open("?pool_size=1&acquire_timeout=300ms");
  ASSERT_TRUE(db);
  auto first = db->acquire();
  ASSERT_TRUE(first.ok());
  auto started = std::chrono::steady_clock::now();
  auto second = db->acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  EXPECT_NE(second.error().message.find("busy"), std::string::npos) << second.error().message;
}

TEST_F(PgDriverTest, ALentConnectionComesBackToTheNextCaller) {
  auto db = open("?pool_size=1&acquire_timeout=5s");
  ASSERT_TRUE(db);
  std::thread holder;
  {
    auto first = db->acquire();
    ASSERT_TRUE(first.ok());
    holder = std::thread([lease = std::move(*first)]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    });
  }
  auto second = db->acquire();
  EXPECT_TRUE(second.ok()) << "handed over when the first lease ended";
  holder.join();
}

TEST_F(PgDriverTest, EveryStatementHasATimeout) {
  auto db = open("?statement_timeout=200ms");
  ASSERT_TRUE(db);
  auto slept = db->read([](Connection& c) { return Statement(c, "SELECT pg_sleep(3)").run(); });
  ASSERT_FALSE(slept.ok());
  EXPECT_EQ(slept.error().code, ErrorCode::kUnavailable) << slept.error().message;
}

TEST_F(PgDriverTest, ALostConnectionIsReplacedWithoutTheCallerNoticing) {
  auto db = open("?pool_size=1");
  ASSERT_TRUE(db);
  auto pid =
      db->read([](Connection& c) { return Statement(c, "SELECT pg_backend_pid()").first_int64(); });
  ASSERT_TRUE(pid.ok() && pid->has_value());
  // The server ends the session (a restart or failover looks the same to the client).
  ASSERT_TRUE(backend_.exec("SELECT pg_terminate_backend(" + std::to_string(**pid) + ")"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto again =
      db->read([](Connection& c) { return Statement(c, "SELECT pg_backend_pid()").first_int64(); });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_NE(**again, **pid);
}

TEST_F(PgDriverTest, UnreferencedAndNullParametersAreAccepted) {
  auto db = open("");
  ASSERT_TRUE(db);
  auto value = db->read([](Connection& c) {
    Statement q(c, "SELECT COALESCE(?2, 7)");
    q.bind(1, "unused").bind_null(2);
    return q.first_int64();
  });
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(**value, 7);
}

}  // namespace
}  // namespace pharos::db
