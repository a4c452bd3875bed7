#include "monitor/check_once.h"

#include <condition_variable>
#include <memory>
#include <mutex>

#include "probe/engine.h"

namespace pharos::monitor {

Result<std::vector<CheckReport>> check_once(const std::vector<const MonitorSpec*>& specs,
                                            const Clock& clock) {
  std::vector<CheckReport> reports(specs.size());
  std::vector<std::unique_ptr<probe::PreparedCheck>> checks;
  std::mutex mu;
  std::condition_variable done_cv;
  std::size_t outstanding = 0;
  probe::ProbeEngine engine(clock, [&](probe::CheckRound&& round) {
    std::lock_guard lock(mu);
    reports[round.tag].results = std::move(round.results);
    --outstanding;
    done_cv.notify_all();
  });
  PHAROS_TRY(engine.start());
  Millis longest{0};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    reports[i].spec = specs[i];
    if (specs[i]->kind == MonitorKind::kHeartbeat) {
      reports[i].skipped = true;
      continue;
    }
    longest = std::max(longest, specs[i]->timeout);
    checks.push_back(std::make_unique<probe::PreparedCheck>(*specs[i]));
    {
      std::lock_guard lock(mu);
      ++outstanding;
    }
    engine.submit(*checks.back(), i);
  }
  std::unique_lock lock(mu);
  bool finished =
      done_cv.wait_for(lock, longest + std::chrono::seconds(10), [&] { return outstanding == 0; });
  lock.unlock();
  engine.stop();
  if (!finished) return Error::unavailable("some checks did not finish in time");
  return reports;
}

}  // namespace pharos::monitor
