#pragma once
// Admin alerts when an error budget burns too fast (reports/slo.h's multiwindow rule): reads
// every configured SLO at most once per `every` and sends a message when an SLO's alert level
// rises (none → slow → fast) and when it falls back to none. Never the same level twice in a
// row; a level falling from fast to slow is not news. Messages are for the admin alert routes,
// never the public page.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "reports/report_service.h"

namespace pharos::reports {

class BurnRateWatcher {
 public:
  using Send = std::function<void(const std::string& text)>;

  // REQUIRES: `service` outlives the watcher. Not thread-safe: one caller (the automation loop).
  BurnRateWatcher(const ReportService& service, Send send, Millis every = std::chrono::minutes(1))
      : service_(service), send_(std::move(send)), every_(every) {}

  // Checks when `every` has passed since the last check (`monotonic` is Clock::monotonic()).
  // A failed read is logged and retried at the next interval.
  void check(Millis monotonic);

 private:
  const ReportService& service_;
  Send send_;
  Millis every_;
  std::optional<Millis> last_;
  std::map<std::string, BurnAlert> seen_;  // "component:api" / "group:platform" → last level
};

// "SLO of API (99.9% over 30d): error budget burning fast — burn rate 20.1 over 1h and 30.0 over
// 5m (threshold 14.4); 63.2% of the budget left."
std::string burn_alert_text(const SloStatus& slo, BurnAlert before);

}  // namespace pharos::reports
