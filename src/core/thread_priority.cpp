#include "core/thread_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

namespace pharos {
namespace {

id_t this_thread() { return static_cast<id_t>(gettid()); }

}  // namespace

ScopedThreadPriority::ScopedThreadPriority(int nice) {
  errno = 0;
  before_ = getpriority(PRIO_PROCESS, this_thread());
  if (errno != 0 || nice >= before_) return;
  raised_ = setpriority(PRIO_PROCESS, this_thread(), nice) == 0;
}

ScopedThreadPriority::~ScopedThreadPriority() {
  if (raised_) (void)setpriority(PRIO_PROCESS, this_thread(), before_);
}

}  // namespace pharos
