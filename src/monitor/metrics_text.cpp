// Monitoring::prometheus_text: the /metrics body (Prometheus text format 0.0.4).
#include <array>
#include <cstdio>

#include "monitor/monitoring.h"
#include "monitor/runtime.h"

namespace pharos::monitor {
namespace {

// Label values escape \, " and newline (exposition format rules).
void append_label(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
}

void append_number(std::string& out, double v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.6g", v);
  out.append(buf, static_cast<std::size_t>(n));
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void histogram(std::string& out, const char* name, const LatencyHistogram& h) {
  std::int64_t cumulative = 0;
  for (std::size_t i = 0; i < LatencyHistogram::kBoundsMs.size(); ++i) {
    cumulative += h.counts[i];
    out += name;
    out += "_bucket{le=\"";
    append_number(out, static_cast<double>(LatencyHistogram::kBoundsMs[i]) / 1000.0);
    out += "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name;
  out += "_bucket{le=\"+Inf\"} " + std::to_string(h.total()) + "\n";
  out += name;
  out += "_count " + std::to_string(h.total()) + "\n";
}

double status_value(ComponentStatus s) { return static_cast<double>(severity(s)); }

void sample(std::string& out, std::string_view name, std::string_view label, std::string_view value,
            std::int64_t n) {
  out += name;
  out += '{';
  out += label;
  out += "=\"";
  append_label(out, value);
  out += "\"} " + std::to_string(n) + "\n";
}

}  // namespace

void Monitoring::append_aggregate_metrics(std::string& out) const {
  header(out, "pharos_checks_total", "counter", "Node checks completed, all monitors.");
  out += "pharos_checks_total " + std::to_string(checks_completed_.load()) + "\n";
  header(out, "pharos_check_failures_total", "counter", "Node checks that found the target down.");
  out += "pharos_check_failures_total " + std::to_string(checks_down_.load()) + "\n";

  // Paused monitors are counted apart: their status is reset, not observed.
  std::array<std::int64_t, 5> by_status{};
  std::int64_t paused = 0;
  std::array<std::int64_t, 3> nodes{};  // up, degraded, down
  for (const auto& m : monitors_) {
    if (m->pause) {
      ++paused;
      continue;
    }
    ++by_status[static_cast<std::size_t>(m->status)];
    for (const auto& n : m->nodes) {
      CheckOutcome state = n.health.state();
      ++nodes[state == CheckOutcome::kUp ? 0 : state == CheckOutcome::kDegraded ? 1 : 2];
    }
  }
  header(out, "pharos_monitors", "gauge", "Monitors by derived status (paused ones apart).");
  for (auto s : {ComponentStatus::kOperational, ComponentStatus::kDegradedPerformance,
                 ComponentStatus::kPartialOutage, ComponentStatus::kMajorOutage}) {
    sample(out, "pharos_monitors", "status", to_string(s), by_status[static_cast<std::size_t>(s)]);
  }
  sample(out, "pharos_monitors", "status", "paused", paused);
  header(out, "pharos_monitor_nodes", "gauge",
         "Checked nodes of running monitors by confirmed state (after fall/rise).");
  sample(out, "pharos_monitor_nodes", "state", "up", nodes[0]);
  sample(out, "pharos_monitor_nodes", "state", "degraded", nodes[1]);
  sample(out, "pharos_monitor_nodes", "state", "down", nodes[2]);
  header(out, "pharos_component_status", "gauge",
         "Status of each monitored component from its monitors: 0 operational, 2 degraded, "
         "3 partial outage, 4 major outage.");
  for (std::size_t c = 0; c < components_.size(); ++c) {
    sample(out, "pharos_component_status", "component", components_[c],
           severity(component_status_[c]));
  }
}

void Monitoring::append_per_monitor_metrics(std::string& out) const {
  struct Series {
    const char* name;
    const char* type;
    const char* help;
  };
  static constexpr Series kSeries[] = {
      {"pharos_monitor_checks_total", "counter", "Node checks completed per monitor."},
      {"pharos_monitor_failures_total", "counter", "Node checks that found the target down."},
      {"pharos_monitor_latency_seconds", "gauge", "Total time of the latest check."},
      {"pharos_monitor_lateness_seconds", "gauge", "How late the latest check started."},
      {"pharos_monitor_status", "gauge",
       "Derived status: 0 operational, 2 degraded, 3 partial outage, 4 major outage."},
  };
  for (std::size_t k = 0; k < std::size(kSeries); ++k) {
    header(out, kSeries[k].name, kSeries[k].type, kSeries[k].help);
    for (const auto& m : monitors_) {
      out += kSeries[k].name;
      out += "{monitor=\"";
      append_label(out, m->spec.name);
      out += "\",component=\"";
      append_label(out, m->spec.component);
      out += "\"} ";
      switch (k) {
        case 0:
          out += std::to_string(m->checks);
          break;
        case 1:
          out += std::to_string(m->failures);
          break;
        case 2:
          append_number(out, static_cast<double>(m->last_latency_us) / 1e6);
          break;
        case 3:
          append_number(out, static_cast<double>(m->last_lateness_us) / 1e6);
          break;
        default:
          append_number(out, status_value(m->status));
          break;
      }
      out += '\n';
    }
  }
  header(out, "pharos_node_up", "gauge", "Confirmed node state: 1 up, 0.5 degraded, 0 down.");
  for (const auto& m : monitors_) {
    for (const auto& n : m->nodes) {
      out += "pharos_node_up{monitor=\"";
      append_label(out, m->spec.name);
      out += "\",node=\"";
      append_label(out, n.node);
      out += "\"} ";
      CheckOutcome s = n.health.state();
      out += s == CheckOutcome::kUp ? "1" : s == CheckOutcome::kDegraded ? "0.5" : "0";
      out += '\n';
    }
  }
}

std::string Monitoring::prometheus_text(MetricsDetail detail) const {
  std::shared_lock shape(shape_mu_);
  std::string out;
  bool per_monitor = detail == MetricsDetail::kPerMonitor;
  out.reserve(4096 + (per_monitor ? monitors_.size() * 400 : components_.size() * 64));
  std::lock_guard lock(mu_);
  append_aggregate_metrics(out);
  if (per_monitor) append_per_monitor_metrics(out);
  header(out, "pharos_check_duration_seconds", "histogram", "Duration of every node check.");
  histogram(out, "pharos_check_duration_seconds", durations_);
  header(out, "pharos_schedule_lateness_seconds", "histogram",
         "How late checks started after their slot.");
  histogram(out, "pharos_schedule_lateness_seconds", lateness_);
  header(out, "pharos_schedule_skipped_total", "counter",
         "Slots skipped because the previous check of the monitor was still running.");
  out += "pharos_schedule_skipped_total " + std::to_string(slots_skipped_.load()) + "\n";
  header(out, "pharos_results_dropped_total", "counter",
         "Check results dropped unsaved, oldest first, while the store was unreachable.");
  out += "pharos_results_dropped_total " + std::to_string(results_dropped_.load()) + "\n";
  return out;
}

}  // namespace pharos::monitor
