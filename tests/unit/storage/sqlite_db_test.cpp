// The SQLite driver's writer gate: writers of one process on one database file queue in the
// process instead of polling SQLite's lock (storage/sqlite/sqlite_db.h).
#include "storage/sqlite/sqlite_db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "support/temp_dir.h"

namespace pharos::db {
namespace {

TEST(SqliteWriterGateTest, DatabasesOfOneFileShareOneGate) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.file("sub"));
  auto a = SqliteDatabase::open(dir.file("pharos.db"), true);
  auto same = SqliteDatabase::open(dir.file("sub/../pharos.db"), false);
  auto other = SqliteDatabase::open(dir.file("other.db"), true);
  ASSERT_TRUE(a.ok() && same.ok() && other.ok());
  ASSERT_NE((*a)->writer_gate(), nullptr);
  EXPECT_EQ((*a)->writer_gate(), (*same)->writer_gate()) << "one file, however it is named";
  EXPECT_NE((*a)->writer_gate(), (*other)->writer_gate());
}

TEST(SqliteWriterGateTest, AWriterOnAnotherConnectionGetsInWhenTheFirstCommits) {
  testing::TempDir dir;
  auto first = SqliteDatabase::open(dir.file("pharos.db"), true);
  auto second = SqliteDatabase::open(dir.file("pharos.db"), true);
  ASSERT_TRUE(first.ok() && second.ok());
  auto created =
      (*first)->write([](Connection& c) { return c.exec("CREATE TABLE t (n INTEGER)"); });
  ASSERT_TRUE(created.ok());

  std::atomic<int> step{0};
  std::thread holder([&] {
    auto done = (*first)->write([&](Connection& c) -> Result<void> {
      PHAROS_TRY(c.exec("INSERT INTO t VALUES (1)"));
      step = 1;
      // Hold the transaction while the other writer comes (bounded: 2 s at most).
      for (int k = 0; k < 200 && step.load() < 2; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return Ok();
    });
    EXPECT_TRUE(done.ok());
  });
  for (int k = 0; k < 500 && step.load() < 1; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(step.load(), 1);
  std::thread waiter([&] {
    step = 2;  // lets the holder commit while this write waits for its turn
    auto done = (*second)->write([&](Connection& c) -> Result<void> {
      // The holder's row is committed before this transaction begins.
      std::int64_t rows = -1;
      RowFn count = [&](const Row& row) -> Result<void> {
        rows = row.int64(0);
        return Ok();
      };
      PHAROS_TRY(c.execute("SELECT count(*) FROM t", {}, &count));
      EXPECT_EQ(rows, 1);
      return c.exec("INSERT INTO t VALUES (2)");
    });
    EXPECT_TRUE(done.ok()) << (done.ok() ? "" : done.error().describe());
  });
  holder.join();
  waiter.join();
}

}  // namespace
}  // namespace pharos::db
