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

// The server's count of this session's prepared statements.
Result<std::optional<std::int64_t>> prepared_count(Connection& c) {
  return Statement(c, "SELECT count(*) FROM pg_prepared_statements").first_int64();
}

TEST_F(PgDriverTest, StatementsArePreparedOncePerSetOfParameterTypes) {
  auto db = open("?pool_size=1");
  ASSERT_TRUE(db);
  auto counts = db->read([](Connection& c) -> Result<std::vector<std::int64_t>> {
    auto before = prepared_count(c);  // opening the database ran statements of its own
    if (!before) return before.error();
    for (int i = 0; i < 3; ++i) {
      Statement q(c, "SELECT COALESCE(?1, 0) + 1");
      q.bind(1, std::int64_t{i});
      PHAROS_TRY(q.run());
    }
    auto after_ints = prepared_count(c);
    if (!after_ints) return after_ints.error();
    Statement with_null(c, "SELECT COALESCE(?1, 0) + 1");
    with_null.bind_null(1);
    auto one = with_null.first_int64();
    if (!one) return one.error();
    auto after_null = prepared_count(c);
    if (!after_null) return after_null.error();
    return std::vector<std::int64_t>{**after_ints - **before, **one, **after_null - **before};
  });
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ((*counts)[0], 1) << "three calls, one prepared statement";
  EXPECT_EQ((*counts)[1], 1) << "a NULL parameter is typed by the server";
  EXPECT_EQ((*counts)[2], 2) << "prepared again for the NULL's signature";
}

TEST_F(PgDriverTest, TheStatementCacheIsBoundedOnTheServerToo) {
  auto db = open("?pool_size=1");
  ASSERT_TRUE(db);
  // Statement texts built per call (as lists of rows are) beyond the cache's 256 entries.
  for (int i = 0; i < 600; ++i) {
    auto ran =
        db->read([i](Connection& c) { return Statement(c, "SELECT " + std::to_string(i)).run(); });
    ASSERT_TRUE(ran.ok()) << ran.error().message;
  }
  auto count = db->read([](Connection& c) { return prepared_count(c); });
  ASSERT_TRUE(count.ok() && count->has_value()) << (count.ok() ? "" : count.error().message);
  EXPECT_LE(**count, 257) << "evicted statements are deallocated on the server";
  EXPECT_GT(**count, 0);
}

TEST_F(PgDriverTest, AStatementPreparedBeforeItsTableChangedIsPreparedAgain) {
  auto db = open("?pool_size=1");
  ASSERT_TRUE(db);
  auto exec = [&](const std::string& sql) {
    return db->write([&](Connection& c) { return Statement(c, sql).run(); });
  };
  ASSERT_TRUE(exec("CREATE TABLE drift (a BIGINT)").ok());
  ASSERT_TRUE(exec("INSERT INTO drift VALUES (1)").ok());
  auto select = [&] {
    return db->read(
        [](Connection& c) { return Statement(c, "SELECT * FROM drift").first_int64(); });
  };
  ASSERT_TRUE(select().ok());
  // Another node's newer migration adds a column: the cached plan's result type changed.
  ASSERT_TRUE(backend_.exec("ALTER TABLE drift ADD COLUMN b TEXT"));
  auto stale = select();
  if (!stale.ok()) {
    EXPECT_EQ(stale.error().code, ErrorCode::kUnavailable) << "retryable";
  }
  auto again = select();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(**again, 1);
}

}  // namespace
}  // namespace pharos::db
