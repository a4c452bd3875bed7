#pragma once
// The turn a process's writers of one SQLite file wait for (Database::write), first come first
// served: a writer waits at most for those queued before it, and one that has just had its turn
// cannot take it straight back while another waits (as it could with a mutex). The results
// writer, which commits early when another writer queues (ResultsStore::write_some), relies on
// that: the incident update it let in is the one that goes next.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace pharos::db {

class WriterGate {
 public:
  WriterGate() = default;
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

  // Takes the turn once every writer queued before this one has had it; false (and nothing
  // taken, the queue as if this call never came) after `wait`.
  bool try_lock_for(std::chrono::milliseconds wait);
  void lock();
  void unlock();
  // Writers queued now, not counting the holder.
  std::size_t waiting() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable turn_;
  bool held_ = false;                // GUARDED_BY(mu_)
  std::deque<std::uint64_t> queue_;  // GUARDED_BY(mu_); tickets, oldest first
  std::uint64_t next_ticket_ = 0;    // GUARDED_BY(mu_)
};

}  // namespace pharos::db
