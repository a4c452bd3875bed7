// The SQLite driver's writer gate: writers of one process on one database file queue in the
// process, first come first served, instead of polling SQLite's lock (storage/sqlite/sqlite_db.h,
// storage/db/writer_gate.h).
#include "storage/sqlite/sqlite_db.h"

#include "storage/db/writer_gate.h"
#include "storage/results_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "support/stored_results.h"
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

// Waits (bounded: 2 s) until `n` writers queue at `gate`.
bool until_waiting(const WriterGate& gate, std::size_t n) {
  for (int k = 0; k < 1000 && gate.waiting() < n; ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return gate.waiting() == n;
}

// The results writer commits early because an incident update queued, then comes straight back
// with the rest of its batch: the update goes first (a mutex would let the one that just
// unlocked take it back).
TEST(WriterGateTest, AWriterThatComesBackQueuesBehindTheOneWaiting) {
  WriterGate gate;
  ASSERT_TRUE(gate.try_lock_for(std::chrono::milliseconds(0)));
  std::atomic<bool> got{false};
  std::atomic<bool> tried{false};
  std::thread update([&] {
    got = gate.try_lock_for(std::chrono::seconds(5));
    // Holds its turn until the other has tried to come back (bounded: 2 s).
    for (int k = 0; k < 1000 && !tried.load(); ++k) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (got) gate.unlock();
  });
  bool queued = until_waiting(gate, 1);
  gate.unlock();
  EXPECT_FALSE(gate.try_lock_for(std::chrono::milliseconds(0))) << "took the turn back";
  tried = true;
  update.join();
  ASSERT_TRUE(queued);
  EXPECT_TRUE(got.load());
  EXPECT_TRUE(gate.try_lock_for(std::chrono::milliseconds(0)));
  gate.unlock();
}

TEST(WriterGateTest, WritersGetTheirTurnInTheOrderTheyCame) {
  WriterGate gate;
  gate.lock();
  std::mutex mu;
  std::vector<int> order;
  auto writer = [&](int id) {
    return std::thread([&, id] {
      ASSERT_TRUE(gate.try_lock_for(std::chrono::seconds(5)));
      {
        std::lock_guard lock(mu);
        order.push_back(id);
      }
      gate.unlock();
    });
  };
  std::thread first = writer(1);
  ASSERT_TRUE(until_waiting(gate, 1));
  std::thread second = writer(2);
  ASSERT_TRUE(until_waiting(gate, 2));
  std::thread third = writer(3);
  ASSERT_TRUE(until_waiting(gate, 3));
  gate.unlock();
  first.join();
  second.join();
  third.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// A writer that gives up leaves the queue as if it never came: the next one is not stuck
// behind its ticket.
TEST(WriterGateTest, AWriterThatGivesUpLeavesTheQueue) {
  WriterGate gate;
  gate.lock();
  std::atomic<int> outcome{-1};
  std::thread impatient([&] { outcome = gate.try_lock_for(std::chrono::milliseconds(20)); });
  impatient.join();
  EXPECT_EQ(outcome.load(), 0);
  EXPECT_EQ(gate.waiting(), 0u);
  std::thread patient([&] {
    outcome = gate.try_lock_for(std::chrono::seconds(5));
    if (outcome == 1) gate.unlock();
  });
  ASSERT_TRUE(until_waiting(gate, 1));
  gate.unlock();
  patient.join();
  EXPECT_EQ(outcome.load(), 1);
}

// 10,000 monitors' results as one transaction held the gate for up to 2 s under load; an incident
// update that queues meanwhile gets in after the chunk being written (ResultsStore::write_some).
TEST(WriterGateTest, AResultsBatchCommitsEarlyForAQueuedWriter) {
  testing::TempDir dir;
  std::string path = dir.file("pharos.db");
  auto results = open_results_store("sqlite:" + path);
  auto other = SqliteDatabase::open(path, true);
  ASSERT_TRUE(results.ok() && other.ok());
  WriterGate& gate = *(*other)->writer_gate();
  std::vector<StoredResult> batch;
  for (int i = 0; i < 200; ++i) {
    batch.push_back(testing::stored_result("m" + std::to_string(i),
                                           testing::kResultsDay + std::chrono::seconds(i),
                                           CheckOutcome::kUp, 5));
  }
  gate.lock();
  Result<std::size_t> first = std::size_t{0};
  std::thread results_writer([&] { first = (*results)->write_some(batch, 0); });
  bool writer_queued = until_waiting(gate, 1);
  std::atomic<bool> update_got{false};
  std::thread update([&] {
    update_got = gate.try_lock_for(std::chrono::seconds(5));
    if (update_got) gate.unlock();
  });
  bool update_queued = until_waiting(gate, 2);
  gate.unlock();
  results_writer.join();
  update.join();
  ASSERT_TRUE(writer_queued && update_queued);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_LT(*first, batch.size()) << "the queued writer waited for the whole batch";
  EXPECT_GT(*first, 0u);
  EXPECT_TRUE(update_got.load());
  auto rest = (*results)->write_some(batch, *first);
  ASSERT_TRUE(rest.ok()) << rest.error().describe();
  EXPECT_EQ(*first + *rest, batch.size()) << "nobody waiting: the rest in one go";
  for (const char* monitor : {"m0", "m199"}) {
    auto stored = (*results)->results(monitor, testing::kResultsDay,
                                      testing::kResultsDay + std::chrono::hours(1), 10);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->size(), 1u) << monitor << " written once";
  }
}

}  // namespace
}  // namespace pharos::db
