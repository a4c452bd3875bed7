#include "reports/burn_alerts.h"

#include <cstdio>

#include "core/duration.h"
#include "core/log.h"

namespace pharos::reports {
namespace {

std::string percent_text(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100.0);
  return buf;
}

}  // namespace

std::string burn_alert_text(const SloStatus& slo, BurnAlert before) {
  std::string head = "SLO of " + slo.name + " (" + format_uptime_percent(slo.spec.objective, 3) +
                     " over " + format_duration_config(slo.spec.window) + "): ";
  std::string left = percent_text(slo.remaining) + " of the error budget left.";
  if (slo.alert == BurnAlert::kNone) {
    return head + "no longer burning " + std::string(to_string(before)) + "; " + left;
  }
  return head + "error budget burning " + std::string(to_string(slo.alert)) + " — " + slo.reason +
         "; " + left;
}

void BurnRateWatcher::check(Millis monotonic) {
  if (last_ && monotonic - *last_ < every_) return;
  last_ = monotonic;
  auto slos = service_.slos();
  if (!slos) {
    log::error("reports.slo_read_failed", {log::kv("error", slos.error().describe())});
    return;
  }
  for (const auto& slo : *slos) {
    std::string key = (slo.spec.group ? "group:" : "component:") + slo.spec.target_id;
    BurnAlert& before = seen_[key];
    bool rose = slo.alert > before;
    bool ended = slo.alert == BurnAlert::kNone && before != BurnAlert::kNone;
    if (rose || ended) send_(burn_alert_text(slo, before));
    before = slo.alert;
  }
}

}  // namespace pharos::reports
