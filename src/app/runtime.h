#pragma once
// What `pharos serve` runs beside the web server, and who owns it:
//   Monitoring   probes every configured monitor (its own scheduler, engine and writer threads);
//   Automation   one loop thread that turns component health into statuses and incidents: woken
//                by every health change, and once a second for hold timers and maintenance; it
//                also sends admin-only alerts (flapping monitors, expiring certificates);
//   Notifier     the outbox delivery worker (its own threads);
//   Vendors      the vendor status poller (its own thread; idle without `vendors:`).
// Runtime owns all four. start() starts the notifier, then monitoring, then the automation
// thread, then (with `vendors:`) the poller. stop() stops the automation thread first (no more
// automatic incidents), then the vendor poller (no more vendor incidents), then monitoring
// (which flushes its unsaved results), and the notifier last: it waits for the sends in flight;
// outbox events not yet sent stay in the outbox and go out after the next start.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/environment.h"
#include "incident/automation.h"
#include "monitor/alerts.h"
#include "site/site_data.h"
#include "storage/results_store.h"
#include "web/access.h"
#include "web/router.h"

namespace pharos::monitor {
class Monitoring;
struct ComponentHealth;
}
namespace pharos::notify {
class Notifier;
}
namespace pharos::vendor_status {
class CurlFetcher;
class VendorPoller;
}  // namespace pharos::vendor_status

namespace pharos {

class VendorStore;

// The channels the public subscribe form offers for `config` (the /subscribe route refuses the
// others): email with a mail server configured, webhooks with page.webhook_subscriptions.
site::SubscribeChannels subscribe_channels(const Config& config);

// The monitoring engine's view of its components, in the domain's words for automation.
std::vector<ComponentHealth> to_component_health(
    const std::vector<monitor::ComponentHealth>& health);

class Runtime {
 public:
  // Opens the results and notification stores next to env's store. `env` must outlive it.
  static Result<std::unique_ptr<Runtime>> open(Environment& env);
  ~Runtime();  // stops
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  Result<void> start();
  void stop();  // idempotent

  // Adds /metrics, /api/push/{token} and the subscription routes. `this` must outlive the router.
  // `private_check`, when set (a private page), must pass for the public subscribe form: a
  // stranger must not sign up for the incident news of a page they may not read. Confirm and
  // unsubscribe links stay open (they carry their own secret, and leaving must always work).
  void add_routes(web::Router& router, const web::AccessCheck& private_check = {});

  monitor::Monitoring& monitoring() { return *monitoring_; }
  notify::Notifier& notifier() { return *notifier_; }
  // Health of every configured vendor: vendors().health() is thread-safe.
  vendor_status::VendorPoller& vendors() { return *vendors_; }
  // The vendors' saved poll state and component statuses; null when no vendors are configured
  // (or the storage backend is not SQLite). Thread-safe.
  VendorStore* vendor_state() { return vendor_state_.get(); }
  // Detection latencies of the automatic incidents opened so far (a copy; thread-safe).
  DetectionStats detection() const;
  // The /metrics body: monitoring's series plus automation's.
  std::string metrics_text() const;

 private:
  explicit Runtime(Environment& env);  // out of line: members are incomplete types here
  void run_automation();
  void wake_automation();

  Environment& env_;
  std::unique_ptr<ResultsStore> results_;
  std::unique_ptr<monitor::Monitoring> monitoring_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<Automation> automation_;  // used only by the automation thread
  std::unique_ptr<monitor::AlertWatcher> alerts_;         // used only by the automation thread
  std::unique_ptr<VendorStore> vendor_state_;             // null without vendors:
  std::unique_ptr<vendor_status::CurlFetcher>
      vendor_fetcher_;  // its own loop thread, from the first poll
  std::unique_ptr<vendor_status::VendorPoller> vendors_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool health_changed_ = false;  // GUARDED_BY(mu_)
  bool stopping_ = false;        // GUARDED_BY(mu_)
  DetectionStats detection_;     // GUARDED_BY(mu_): a copy of automation_'s, for readers
  std::thread automation_thread_;
  bool started_ = false;
};

}  // namespace pharos
