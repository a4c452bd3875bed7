#include "app/runtime.h"

#include <sstream>

#include "core/log.h"
#include "monitor/monitoring.h"
#include "notify/notifier.h"
#include "storage/results_store.h"
#include "storage/vendor_store.h"
#include "vendor_status/poller.h"

namespace pharos {

std::vector<ComponentHealth> to_component_health(
    const std::vector<monitor::ComponentHealth>& health) {
  std::vector<ComponentHealth> out;
  out.reserve(health.size());
  for (const auto& h : health) {
    ComponentHealth d;
    d.component_id = h.component_id;
    d.status = h.status;
    d.failing_since = h.since;
    for (const auto& f : h.failing) d.failures.push_back({f.monitor, f.node, f.reason});
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

AutomationSettings settings_from(const Config& config) {
  const AutomationSpec& spec = config.automation;
  AutomationSettings settings{spec.monitoring_after, spec.resolve_after, spec.reopen_within, {}};
  for (const auto& v : config.vendors) settings.vendor_names[v.slug] = v.name;
  return settings;
}

// How often automation re-evaluates without a health change (hold timers, maintenance windows).
constexpr std::chrono::seconds kAutomationTick{1};

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::open(Environment& env) {
  std::unique_ptr<Runtime> rt(new Runtime(env));
  std::string url = storage_url(env.config(), env.data_dir());
  auto results = open_results_store(url);
  if (!results) return results.error();
  rt->results_ = std::move(*results);
  rt->monitoring_ = std::make_unique<monitor::Monitoring>(env.config().monitors,
                                                          rt->results_.get(), env.clock());
  std::vector<std::string> component_ids = notify::subscribable_ids(env.config());
  auto notifier = notify::Notifier::open(env.store(), url, env.page(), env.zone(),
                                         env.config().notify, component_ids, env.clock(),
                                         env.config().vendor_names());
  if (!notifier) return notifier.error();
  rt->notifier_ = std::move(*notifier);
  // A component handed back to automation takes its monitors' status at once, not at the
  // next health change.
  env.incidents().set_automatic_status(
      [configured = configured_automatic_status(env.config()),
       monitoring = rt->monitoring_.get()](const std::string& id) {
        IncidentService::AutomaticStatus status = configured(id);
        if (!status.monitored) return status;
        for (const auto& h : monitoring->component_health()) {
          if (h.component_id == id) status.derived = h.status;
        }
        return status;
      });
  rt->automation_ = std::make_unique<Automation>(env.store(), env.clock(),
                                                 settings_from(env.config()));
  rt->vendor_fetcher_ = std::make_unique<vendor_status::CurlFetcher>();
  if (!env.config().vendors.empty()) {
    // Without it vendors are still polled; only validators and health do not survive a restart.
    if (auto state = open_vendor_store(url)) {
      rt->vendor_state_ = std::move(*state);
    } else {
      log::warn("vendor.state_unavailable", {log::kv("error", state.error().describe())});
    }
  }
  rt->vendors_ = std::make_unique<vendor_status::VendorPoller>(
      env.store(), env.clock(), *rt->vendor_fetcher_, env.config().vendors,
      vendor_status::PollerOptions{}, rt->vendor_state_.get());
  notify::Notifier* notifier_ptr = rt->notifier_.get();
  const Clock& clock = env.clock();
  rt->alerts_ =
      std::make_unique<monitor::AlertWatcher>([notifier_ptr, &clock](const std::string& text) {
        if (auto r = notifier_ptr->alert(text, clock.now()); !r) {
          log::error("alert.queue_failed", {log::kv("error", r.error().describe())});
        }
        log::warn("alert", {log::kv("text", text)});
      });
  Runtime* self = rt.get();
  rt->monitoring_->set_listener([self](const monitor::ComponentHealth&) { self->wake_automation(); });
  return rt;
}

Runtime::Runtime(Environment& env) : env_(env) {}

Runtime::~Runtime() {
  stop();
  // The live lookup below reads monitoring_, which dies with this runtime.
  env_.incidents().set_automatic_status(configured_automatic_status(env_.config()));
}

Result<void> Runtime::start() {
  if (started_) return Ok();
  notifier_->start();
  PHAROS_TRY(monitoring_->start());
  automation_thread_ = std::thread([this] { run_automation(); });
  if (!env_.config().vendors.empty()) vendors_->start();
  started_ = true;
  log::info("runtime.started", {log::kv("monitors", env_.config().monitors.size())});
  return Ok();
}

void Runtime::stop() {
  if (!started_) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (automation_thread_.joinable()) automation_thread_.join();
  vendors_->stop();
  monitoring_->stop();
  notifier_->stop();
  started_ = false;
  log::info("runtime.stopped");
}

void Runtime::wake_automation() {
  {
    std::lock_guard lock(mu_);
    health_changed_ = true;
  }
  wake_.notify_one();
}

void Runtime::run_automation() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kAutomationTick, [this] { return stopping_ || health_changed_; });
    if (stopping_) break;
    health_changed_ = false;
    lock.unlock();
    // Maintenance first, so a window that just started silences the evaluation that follows.
    if (auto r = automation_->run_maintenance(); !r) {
      log::error("automation.maintenance_failed", {log::kv("error", r.error().describe())});
    }
    if (auto r = automation_->evaluate(to_component_health(monitoring_->component_health())); !r) {
      log::error("automation.evaluate_failed", {log::kv("error", r.error().describe())});
    }
    alerts_->check(*monitoring_);
    DetectionStats snapshot = automation_->detection();
    lock.lock();
    detection_ = std::move(snapshot);
  }
}

DetectionStats Runtime::detection() const {
  std::lock_guard lock(mu_);
  return detection_;
}

std::string Runtime::metrics_text() const {
  std::ostringstream out;
  out << monitoring_->prometheus_text();
  DetectionStats stats = detection();
  // Detection latency: first failing check → automatic incident opened (or reopened).
  static constexpr double kBounds[] = {1, 2, 5, 10, 30, 60, 120, 300, 600, 1800};
  out << "# HELP pharos_detection_latency_seconds First failing check to automatic incident.\n"
      << "# TYPE pharos_detection_latency_seconds histogram\n";
  double sum = 0;
  for (double bound : kBounds) {
    std::size_t n = 0;
    for (auto l : stats.latencies) {
      if (std::chrono::duration<double>(l).count() <= bound) ++n;
    }
    out << "pharos_detection_latency_seconds_bucket{le=\"" << bound << "\"} " << n << "\n";
  }
  for (auto l : stats.latencies) sum += std::chrono::duration<double>(l).count();
  out << "pharos_detection_latency_seconds_bucket{le=\"+Inf\"} " << stats.latencies.size() << "\n"
      << "pharos_detection_latency_seconds_sum " << sum << "\n"
      << "pharos_detection_latency_seconds_count " << stats.latencies.size() << "\n";
  return out.str();
}

}  // namespace pharos
