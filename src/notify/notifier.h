#pragma once
// Notifier: everything notifications need at run time, in one object for the process that serves
// the page (or runs `pharos outbox work`): the notification store (its own SQLite connection),
// the libcurl senders, the subscription service and the delivery worker.
//
//   auto notifier = notify::Notifier::open(env.store(), storage_url, env.page(), env.zone(),
//                                          env.config().notify, component_ids, env.clock());
//   notifier->start();                      // the worker's threads
//   notifier->subscriptions().subscribe(…)  // from the subscribe form; confirm/unsubscribe links
//   notifier->stop();                       // at shutdown: waits for sends in flight (bounded)
//
// Thread-safe: subscriptions() may be called from any thread while the worker runs.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "notify/delivery_worker.h"
#include "notify/subscription_service.h"

namespace pharos::notify {

// Each page of config `pages:` by slug, as notifications need it (Notifier::open's `pages`,
// DeliveryWorker::set_pages on a reload): its Page and the component ids it shows.
NotifyPages notify_pages(const Config& config);

class Notifier {
 public:
  // `store` and `clock` must outlive the Notifier. `storage_url` names the same database as
  // `store` ("sqlite:<path>"). Several nodes: `node` gives the id deliveries are claimed under
  // and `may_send` whether this node is alive (WorkerContext).
  static Result<std::unique_ptr<Notifier>> open(
      Store& store, const std::string& storage_url, const Page& page, const TimeZone& zone,
      const NotifySpec& spec, std::vector<std::string> component_ids, const Clock& clock,
      std::map<std::string, std::string> vendor_names = {}, const AuditLog* audit = nullptr,
      std::function<std::string()> node = {}, std::function<bool()> may_send = {},
      NotifyPages pages = {});
  ~Notifier();

  SubscriptionService& subscriptions() { return *subscriptions_; }
  NotifyStore& store() { return *notify_store_; }
  DeliveryWorker& worker() { return *worker_; }
  // Queues an admin-only alert (a flapping monitor, an expiring certificate…) for the alert
  // routes; the public never sees it. Durable like every other event.
  Result<void> alert(const std::string& text, Instant at) {
    return notify_store_->append_alert(text, at);
  }
  void start() { worker_->start(); }
  void stop() { worker_->stop(); }

 private:
  Notifier() = default;

  std::unique_ptr<NotifyStore> notify_store_;
  std::unique_ptr<HttpPoster> http_;
  std::unique_ptr<MailSender> mail_;
  std::unique_ptr<SubscriptionService> subscriptions_;
  std::unique_ptr<DeliveryWorker> worker_;  // declared last: stopped and destroyed first
};

}  // namespace pharos::notify
