#include "app/runtime.h"

#include <sstream>
#include <utility>

#include "cluster/cluster.h"
#include "core/log.h"
#include "monitor/monitoring.h"
#include "notify/notifier.h"
#include "storage/change_feed.h"
#include "storage/cluster_store.h"
#include "storage/fenced_store.h"
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
    for (const auto& f : h.failing) {
      d.failures.push_back({f.monitor, f.node, f.reason, f.location});
    }
    out.push_back(std::move(d));
  }
  return out;
}

AutomationSettings automation_settings(const Environment& env,
                                       std::function<void(const std::string&)> alert) {
  const Config& config = env.config();
  AutomationSettings settings;
  static_cast<AutomationPolicy&>(settings) = config.automation;
  settings.zone = env.zone();
  settings.page_name = env.page().name;
  settings.alert = std::move(alert);
  settings.vendor_names = config.vendor_names();
  return settings;
}

namespace {

// How often automation re-evaluates without a health change (hold timers, maintenance windows).
constexpr std::chrono::seconds kAutomationTick{1};

// The config's monitor specs for Monitoring, each sharing the config's ownership (no copies).
monitor::Monitoring::SharedSpecs monitor_specs(const std::shared_ptr<const Config>& config) {
  monitor::Monitoring::SharedSpecs out;
  out.reserve(config->monitors.size());
  for (const MonitorSpec& spec : config->monitors) out.emplace_back(config, &spec);
  return out;
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::open(Environment& env, const NodeSpec& node) {
  std::unique_ptr<Runtime> rt(new Runtime(env));
  std::string url = storage_url(env.config(), env.data_dir());
  auto results = open_results_store(url);
  if (!results) return results.error();
  rt->results_ = std::move(*results);
  monitor::MonitoringOptions monitoring;
  monitoring.location = node.location;
  monitoring.node_name = node.name;
  monitoring.engine.source_address = node.source_address;
  monitoring.shared = is_postgres(url);
  // One node on SQLite: results are saved every 10 s, not every second. Each batch rewrites the
  // B-tree pages its monitors' index, rollup and coverage rows live on, and at 10,000 monitors a
  // second's results touch almost as many pages as ten seconds' do: the writer was a third of
  // the server's CPU (bench/RESULTS.md, "The whole server at scale"). A crash or power loss can
  // lose the results not yet saved (at most 10 s of them; one per monitor at a 30 s interval);
  // a clean stop saves them all. Several nodes keep a second: the writer also exchanges the
  // locations' states then.
  if (!monitoring.shared) monitoring.flush_every = std::chrono::seconds(10);
  rt->monitoring_ = std::make_unique<monitor::Monitoring>(
      monitor_specs(env.shared_config()), rt->results_.get(), env.clock(), std::move(monitoring));
  if (is_postgres(url)) PHAROS_TRY(rt->open_cluster(node, url));
  std::vector<std::string> component_ids = notify::subscribable_ids(env.config());
  std::function<std::string()> node_id;
  std::function<bool()> may_send;
  if (const cluster::Cluster* c = rt->cluster_.get()) {
    node_id = [c] { return c->id(); };
    may_send = [c] { return c->alive(); };
  }
  auto notifier =
      notify::Notifier::open(env.store(), url, env.page(), env.zone(), env.config().notify,
                             component_ids, env.clock(), env.config().vendor_names(), &env.audit(),
                             node_id, may_send, notify::notify_pages(env.config()));
  if (!notifier) return notifier.error();
  rt->notifier_ = std::move(*notifier);
  notify::Notifier* notifier_ptr = rt->notifier_.get();
  const Clock& clock = env.clock();
  // Admin alert routes only: alert texts name monitors, nodes and errors.
  rt->send_alert_ = [notifier_ptr, &clock](const std::string& text) {
    if (auto r = notifier_ptr->alert(text, clock.now()); !r) {
      log::error("alert.queue_failed", {log::kv("error", r.error().describe())});
    }
    log::warn("alert", {log::kv("text", text)});
  };
  // A component handed back to automation takes its monitors' status at once, not at the
  // next health change.
  // Read from the config in force at each call (hand-backs are rare), so a reload applies.
  env.incidents().set_automatic_status(
      [&env, monitoring = rt->monitoring_.get()](const std::string& id) {
        IncidentService::AutomaticStatus status = configured_automatic_status(env.config())(id);
        if (!status.monitored) return status;
        for (const auto& h : monitoring->component_health()) {
          if (h.component_id == id) status.derived = h.status;
        }
        return status;
      });
  rt->automation_ = std::make_unique<Automation>(env.store(), env.clock(),
                                                 automation_settings(env, rt->send_alert_));
  rt->vendor_fetcher_ = std::make_unique<vendor_status::CurlFetcher>();
  if (!env.config().vendors.empty()) {
    // Without it vendors are still polled; only validators and health do not survive a restart.
    if (auto state = open_vendor_store(url)) {
      rt->vendor_state_ = std::move(*state);
    } else {
      log::warn("vendor.state_unavailable", {log::kv("error", state.error().describe())});
    }
  }
  vendor_status::PollerOptions polling;
  if (const cluster::Cluster* c = rt->cluster_.get()) {
    polling.owned = [c](const std::string& slug) { return c->holds(cluster::kVendorScope, slug); };
  }
  rt->vendors_ = std::make_unique<vendor_status::VendorPoller>(
      env.store(), env.clock(), *rt->vendor_fetcher_, env.config().vendors, polling,
      rt->vendor_state_.get());
  rt->alerts_ = std::make_unique<monitor::AlertWatcher>(rt->send_alert_);
  rt->reports_ = std::make_unique<reports::ReportService>(
      env.store(), *rt->results_, report_catalog(env.config()), env.zone(), env.clock());
  rt->burn_alerts_ = std::make_unique<reports::BurnRateWatcher>(*rt->reports_, rt->send_alert_);
  Runtime* self = rt.get();
  rt->monitoring_->set_listener(
      [self](const monitor::ComponentHealth&) { self->wake_automation(); });
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
  // Joining first: monitoring then starts with this node's share of the checks.
  if (cluster_) PHAROS_TRY(cluster_->start());
  if (feed_) feed_->start();
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
  if (feed_) feed_->stop();
  // Last: leaving frees this node's leases, and the others take over at once.
  if (cluster_) cluster_->stop();
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
  // Evaluated every second: while the store is away, each failure is logged once per outage.
  log::FailureLog maintenance_log("automation.maintenance_failed",
                                  "automation.maintenance_recovered", log::Level::kError);
  log::FailureLog evaluate_log("automation.evaluate_failed", "automation.evaluate_recovered",
                               log::Level::kError);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kAutomationTick, [this] { return stopping_ || health_changed_; });
    if (stopping_) break;
    health_changed_ = false;
    bool settings_changed = std::exchange(settings_changed_, false);
    lock.unlock();
    // A reload changed automation's settings: applied here, the one thread that uses it.
    if (settings_changed) automation_->set_settings(automation_settings(env_, send_alert_));
    // Several nodes: one of them runs automation (the automation lease); each sends the alerts
    // of the monitors it checks.
    if (lead_automation()) {
      // Maintenance first, so a window that just started silences the evaluation that follows.
      maintenance_log.note(automation_->run_maintenance());
      evaluate_log.note(
          automation_->evaluate(to_component_health(monitoring_->component_health())));
    }
    alerts_->check(*monitoring_);
    burn_alerts_->check(env_.clock().monotonic());  // reads the SLOs once a minute
    DetectionStats snapshot = automation_->detection();
    lock.lock();
    detection_ = std::move(snapshot);
  }
}

Result<void> Runtime::apply_config(const ConfigDiff& diff) {
  const Config& config = env_.config();
  // Monitors first: a component added with its monitor is then derived from it when the site
  // and automation look next.
  if (!diff.monitors.empty()) {
    PHAROS_TRY(monitoring_->reconfigure(monitor_specs(env_.shared_config())));
    if (cluster_) update_leases();
  }
  reports_->set_catalog(report_catalog(config));
  notifier_->subscriptions().set_known_components(notify::subscribable_ids(config));
  notifier_->worker().set_pages(notify::notify_pages(config));
  {
    std::lock_guard lock(mu_);
    settings_changed_ = true;
    health_changed_ = true;  // evaluate at once: components may have come or gone
  }
  wake_.notify_one();
  return Ok();
}

void Runtime::set_extra_metrics(std::function<std::string()> metrics) {
  extra_metrics_ = std::move(metrics);
}

DetectionStats Runtime::detection() const {
  std::lock_guard lock(mu_);
  return detection_;
}

std::string Runtime::metrics_text() const {
  std::ostringstream out;
  out << monitoring_->prometheus_text(env_.config().metrics.per_monitor
                                          ? monitor::Monitoring::MetricsDetail::kPerMonitor
                                          : monitor::Monitoring::MetricsDetail::kAggregate);
  DetectionStats stats = detection();
  // Detection latency: first failing check → automatic incident opened (or reopened).
  out << "# HELP pharos_detection_latency_seconds First failing check to automatic incident.\n"
      << "# TYPE pharos_detection_latency_seconds histogram\n";
  std::int64_t cumulative = 0;
  for (std::size_t b = 0; b < DetectionStats::kBoundsSeconds.size(); ++b) {
    cumulative += stats.buckets[b];
    out << "pharos_detection_latency_seconds_bucket{le=\"" << DetectionStats::kBoundsSeconds[b]
        << "\"} " << cumulative << "\n";
  }
  out << "pharos_detection_latency_seconds_bucket{le=\"+Inf\"} " << stats.count << "\n"
      << "pharos_detection_latency_seconds_sum " << std::chrono::duration<double>(stats.sum).count()
      << "\n"
      << "pharos_detection_latency_seconds_count " << stats.count << "\n";
  out << cluster_metrics();
  if (extra_metrics_) out << extra_metrics_();
  return out.str();
}

}  // namespace pharos
