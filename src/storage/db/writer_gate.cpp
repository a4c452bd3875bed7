#include "storage/db/writer_gate.h"

#include <algorithm>

namespace pharos::db {

bool WriterGate::try_lock_for(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  if (!held_ && queue_.empty()) {
    held_ = true;
    return true;
  }
  std::uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  bool mine = turn_.wait_for(lock, wait, [&] { return !held_ && queue_.front() == ticket; });
  if (!mine) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
    lock.unlock();
    turn_.notify_all();  // the next in line may be free to go now
    return false;
  }
  queue_.pop_front();
  held_ = true;
  return true;
}

void WriterGate::lock() {
  while (!try_lock_for(std::chrono::hours(1))) {
  }
}

void WriterGate::unlock() {
  {
    std::lock_guard lock(mu_);
    held_ = false;
  }
  turn_.notify_all();
}

std::size_t WriterGate::waiting() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

}  // namespace pharos::db
