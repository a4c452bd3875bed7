#pragma once
// A higher CPU priority for the calling thread while a scope runs, where the process may take one.
//
// Linux schedules threads by their own nice value, so one thread can be made to win over the
// others of its process and over other processes. Raising a priority (a lower nice value) needs
// CAP_SYS_NICE or root; without it the scope changes nothing and says so (raised() is false).
// Lowering it back always works.
namespace pharos {

class ScopedThreadPriority {
 public:
  // `nice`: the nice value to run at, e.g. -5 (from -20, the highest priority, to 19).
  explicit ScopedThreadPriority(int nice);
  ~ScopedThreadPriority();
  ScopedThreadPriority(const ScopedThreadPriority&) = delete;
  ScopedThreadPriority& operator=(const ScopedThreadPriority&) = delete;
  bool raised() const { return raised_; }

 private:
  int before_ = 0;
  bool raised_ = false;
};

}  // namespace pharos
