#include "reports/slo.h"

#include <cstdio>

namespace pharos::reports {
namespace {

struct Rule {
  BurnAlert level;
  std::size_t long_window;   // index into burn_windows()
  std::size_t short_window;  // index into burn_windows()
  double budget_share;       // of the whole budget, spent over the long window
};

// Table 5-8 of the SRE Workbook, indices into burn_windows(): 5m 30m 1h 6h 3d.
constexpr Rule kRules[] = {
    {BurnAlert::kFast, 2, 0, 0.02},
    {BurnAlert::kFast, 3, 1, 0.05},
    {BurnAlert::kSlow, 4, 3, 0.10},
};

std::string rate_text(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", rate);
  return buf;
}

std::string window_text(Millis w) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(w).count();
  if (minutes % (60 * 24) == 0) return std::to_string(minutes / (60 * 24)) + "d";
  if (minutes % 60 == 0) return std::to_string(minutes / 60) + "h";
  return std::to_string(minutes) + "m";
}

}  // namespace

std::string_view to_string(BurnAlert alert) {
  switch (alert) {
    case BurnAlert::kNone:
      return "none";
    case BurnAlert::kSlow:
      return "slow";
    case BurnAlert::kFast:
      return "fast";
  }
  return "none";
}

std::optional<double> burn_rate(const Availability& a, double objective) {
  if (a.measured.count() <= 0) return std::nullopt;
  double error_ratio = a.downtime_ms / static_cast<double>(a.measured.count());
  return error_ratio / (1.0 - objective);
}

SloStatus slo_status(const SloSpec& spec, std::string name, const Availability& window,
                     const std::vector<Availability>& burn_windows_availability) {
  SloStatus s;
  s.spec = spec;
  s.name = std::move(name);
  s.uptime = window.uptime;
  s.budget_ms = (1.0 - spec.objective) * static_cast<double>(spec.window.count());
  s.spent_ms = window.downtime_ms;
  s.remaining = 1.0 - s.spent_ms / s.budget_ms;
  const auto& windows = burn_windows();
  for (std::size_t k = 0; k < windows.size(); ++k) {
    std::optional<double> rate;
    if (k < burn_windows_availability.size())
      rate = burn_rate(burn_windows_availability[k], spec.objective);
    s.burn.push_back({windows[k], rate});
  }
  for (const Rule& rule : kRules) {
    if (rule.level <= s.alert) continue;
    double threshold = rule.budget_share * static_cast<double>(spec.window.count()) /
                       static_cast<double>(windows[rule.long_window].count());
    auto long_rate = s.burn[rule.long_window].rate;
    auto short_rate = s.burn[rule.short_window].rate;
    if (!long_rate || !short_rate || *long_rate < threshold || *short_rate < threshold) continue;
    s.alert = rule.level;
    s.reason = "burn rate " + rate_text(*long_rate) + " over " +
               window_text(windows[rule.long_window]) + " and " + rate_text(*short_rate) +
               " over " + window_text(windows[rule.short_window]) + " (threshold " +
               rate_text(threshold) + ")";
  }
  return s;
}

std::vector<double> burn_down(const SloSpec& spec, const std::vector<double>& spent_per_period) {
  double budget = (1.0 - spec.objective) * static_cast<double>(spec.window.count());
  std::vector<double> out;
  out.reserve(spent_per_period.size());
  double spent = 0;
  for (double s : spent_per_period) {
    spent += s;
    out.push_back(1.0 - spent / budget);
  }
  return out;
}

}  // namespace pharos::reports
