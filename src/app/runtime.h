#pragma once
// What `pharos serve` runs beside the web server, and who owns it:
//   Monitoring   probes every configured monitor (its own scheduler, engine and writer threads);
//   Automation   one loop thread that turns component health into statuses and incidents: woken
//                by every health change, and once a second for hold timers and maintenance; it
//                also sends admin-only alerts (flapping monitors, expiring certificates, error
//                budgets burning too fast: reports/burn_alerts.h, read once a minute);
//   Notifier     the outbox delivery worker (its own threads);
//   Vendors      the vendor status poller (its own thread; idle without `vendors:`).
// Runtime owns all four. start() starts the notifier, then monitoring, then the automation
// thread, then (with `vendors:`) the poller. stop() stops the automation thread first (no more
// automatic incidents), then the vendor poller (no more vendor incidents), then monitoring
// (which flushes its unsaved results), and the notifier last: it waits for the sends in flight;
// outbox events not yet sent stay in the outbox and go out after the next start.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/environment.h"
#include "config/config_diff.h"
#include "incident/automation.h"
#include "monitor/alerts.h"
#include "reports/burn_alerts.h"
#include "site/page_scope.h"
#include "site/site_data.h"
#include "storage/results_store.h"
#include "web/access.h"
#include "web/router.h"

namespace pharos::monitor {
class Monitoring;
struct ComponentHealth;
}  // namespace pharos::monitor
namespace pharos::notify {
class Notifier;
}
namespace pharos::vendor_status {
class CurlFetcher;
class VendorPoller;
}  // namespace pharos::vendor_status
namespace pharos::cluster {
class Cluster;
}

namespace pharos {

class VendorStore;
class ClusterStore;
class ChangeFeed;
class FencedStore;

// The automation settings the config asks for; `alert` reaches the admin alert routes only.
AutomationSettings automation_settings(const Environment& env,
                                       std::function<void(const std::string&)> alert);
// True when `url` names PostgreSQL: this process is then a node among any number (cluster/).
bool is_postgres(const std::string& url);
// The version nodes report to each other.
inline constexpr const char* kPharosVersion = "0.1";

// The channels the public subscribe form offers for `config` (the /subscribe route refuses the
// others): email with a mail server configured, webhooks with page.webhook_subscriptions.
site::SubscribeChannels subscribe_channels(const Config& config);

// The monitoring engine's view of its components, in the domain's words for automation.
std::vector<ComponentHealth> to_component_health(
    const std::vector<monitor::ComponentHealth>& health);

class Runtime {
 public:
  // Opens the results and notification stores next to env's store. `env` must outlive it. `node`
  // says where this process checks from (serve.h: node_spec).
  static Result<std::unique_ptr<Runtime>> open(Environment& env, const NodeSpec& node);
  ~Runtime();  // stops
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  Result<void> start();
  void stop();  // idempotent

  // Adds /metrics, /api/push/{token} and the subscription routes. `this` must outlive the router.
  // `private_check`, when set (a private page), must pass for the public subscribe form: a
  // stranger must not sign up for the incident news of a page they may not read. Confirm and
  // unsubscribe links stay open (they carry their own secret, and leaving must always work).
  // `page_of` says which page (config `pages:`) a request is for (the site's resolver); unset:
  // always the main page. `metrics_check` gates /metrics (unset: open).
  void add_routes(web::Router& router, const web::AccessCheck& private_check = {},
                  std::function<site::PageTarget(const web::Request&)> page_of = {},
                  const web::AccessCheck& metrics_check = {});

  monitor::Monitoring& monitoring() { return *monitoring_; }
  notify::Notifier& notifier() { return *notifier_; }
  // Reports over the stores (thread-safe): the management API, the admin and /uptime use it.
  reports::ReportService& reports() { return *reports_; }
  // Health of every configured vendor: vendors().health() is thread-safe.
  vendor_status::VendorPoller& vendors() { return *vendors_; }
  // The vendors' saved poll state and component statuses; null when no vendors are configured
  // (or the storage backend is not SQLite). Thread-safe.
  VendorStore* vendor_state() { return vendor_state_.get(); }
  // Detection latencies of the automatic incidents opened so far (a copy; thread-safe).
  DetectionStats detection() const;
  // Several nodes (PostgreSQL storage): this node in the cluster; null on SQLite. Thread-safe.
  const cluster::Cluster* cluster() const { return cluster_.get(); }
  // Called (on the change feed's thread) when another node changed the Store's revision, so
  // the site re-renders at once rather than at its next poll. Set before start().
  void on_revision(std::function<void()> callback) { on_revision_ = std::move(callback); }
  // /readyz's lines about the nodes (several nodes; empty otherwise).
  std::string readiness_note() const;
  // The /metrics body: monitoring's series plus automation's (and set_extra_metrics').
  std::string metrics_text() const;
  // Appended to /metrics (serve's config reload counters). Before start().
  void set_extra_metrics(std::function<std::string()> metrics);

  // Applies a reloaded config, already installed in env (Environment::install_config), as
  // `diff` describes it: monitoring is reconfigured (monitoring.h: unchanged monitors keep their
  // state and slots), the reports' catalog (monitors, SLOs) and the subscribable components are
  // replaced, the notifier takes the new pages of `pages:`, and the automation thread takes the new
  // automation settings at its next pass (at once: it is woken). Called from one thread at a time
  // (serve's reload, on the housekeeping thread). An error only when monitoring cannot start its
  // threads again.
  Result<void> apply_config(const ConfigDiff& diff);

 private:
  explicit Runtime(Environment& env);  // out of line: members are incomplete types here
  void run_automation();
  void wake_automation();
  // nodes.cpp: several nodes on PostgreSQL.
  Result<void> open_cluster(const NodeSpec& node, const std::string& url);
  void on_cluster_change();
  // A reload changed the monitors: the cluster competes for the new config's leases.
  void update_leases();
  void on_feed(std::string_view topic);
  // Whether this node runs automation now (always with one node); makes a fresh Automation when
  // it has just taken the role over. Automation thread only.
  bool lead_automation();
  std::string cluster_metrics() const;

  Environment& env_;
  std::unique_ptr<ResultsStore> results_;
  std::unique_ptr<monitor::Monitoring> monitoring_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<Automation> automation_;  // used only by the automation thread
  // Admin alert routes only: alert texts name monitors, nodes and errors.
  std::function<void(const std::string&)> send_alert_;
  std::unique_ptr<monitor::AlertWatcher> alerts_;          // used only by the automation thread
  std::unique_ptr<reports::ReportService> reports_;        // thread-safe
  std::unique_ptr<reports::BurnRateWatcher> burn_alerts_;  // used only by the automation thread
  std::unique_ptr<VendorStore> vendor_state_;              // null without vendors:
  std::unique_ptr<vendor_status::CurlFetcher>
      vendor_fetcher_;  // its own loop thread, from the first poll
  std::unique_ptr<vendor_status::VendorPoller> vendors_;
  // Several nodes; all null on SQLite.
  std::unique_ptr<ClusterStore> cluster_store_;
  std::unique_ptr<cluster::Cluster> cluster_;
  std::unique_ptr<FencedStore> fenced_store_;  // automation's writes, fenced by its lease
  std::unique_ptr<ChangeFeed> feed_;
  std::string location_;
  std::function<void()> on_revision_;
  bool leading_ = false;  // automation thread only: this node ran automation last tick

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool health_changed_ = false;    // GUARDED_BY(mu_)
  bool settings_changed_ = false;  // GUARDED_BY(mu_): a reload changed automation's settings
  std::function<std::string()> extra_metrics_;
  bool stopping_ = false;     // GUARDED_BY(mu_)
  DetectionStats detection_;  // GUARDED_BY(mu_): a copy of automation_'s, for readers
  std::thread automation_thread_;
  bool started_ = false;
};

}  // namespace pharos
