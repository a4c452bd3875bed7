#pragma once
// The delivery worker: drains the durable outbox. It fans each new event out to its targets
// (fanout.h), renders the message for each target's channel, sends it, and records the outcome
// in the NotifyStore. All delivery state lives in the database, so a restart (or kill -9)
// resumes exactly where the database says: at-least-once, with a stable idempotency id per
// (event, target) sent along (X-Pharos-Delivery header, email Message-ID).
//
// Threads: start() runs one dispatcher thread and `delivery.concurrency` sender threads. The
// dispatcher claims due deliveries in the store (NotifyStore::claim_due: only each target's
// oldest pending one, so per-target order holds across nodes, and none another live node has
// claimed) and hands them out, never more than the concurrency cap in flight; each send is
// bounded by the connect and total timeouts, so a slow peer holds one sender at most that long.
// A claim ends with the recorded attempt, or with its node: the delivery of a node that died
// mid-send is sent again by another with the same id (at-least-once); two live nodes never send
// the same one.
//
// Outcome of an attempt (classify_http / classify_mail):
//   2xx / mail accepted               → delivered
//   410 Gone from a subscriber's hook → the subscriber is removed, its queue cancelled
//   other 4xx except 408/429, SMTP 5xx → dead at once (retrying cannot help)
//   anything else (5xx, 3xx, timeout, refused) → retry after backoff_delay(attempt), or dead
//                                        when the first failure is give_up_after old.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "config/notify_spec.h"
#include "core/clock.h"
#include "core/log.h"
#include "notify/fanout.h"
#include "notify/message.h"
#include "notify/transport.h"
#include "storage/notify_store.h"
#include "storage/store.h"

namespace pharos::notify {

// A page of config `pages:` as notifications need it: its name, id and URL for the texts, links
// and webhook payloads its subscribers get, and the components whose news reaches them.
struct NotifyPage {
  Page page;
  std::set<std::string> components;
};
using NotifyPages = std::map<std::string, NotifyPage, std::less<>>;

struct WorkerContext {
  Page page;
  TimeZone zone = TimeZone::utc();
  NotifySpec spec;
  std::chrono::milliseconds poll_interval{250};     // how often to look for new events
  std::map<std::string, std::string> vendor_names;  // display names by slug (Config::vendor_names)
  // Several nodes: the id deliveries are claimed under (this node's, cluster/cluster.h), and
  // whether this node may send now (it is alive: its claims cannot have passed to another).
  // Unset: one process, claims under an id of its own, always sending.
  std::function<std::string()> node = {};
  std::function<bool()> may_send = {};
  // The pages of `pages:` by slug: who among a page's subscribers hears of what, and the page
  // their messages name and link to (DeliveryWorker::set_pages replaces them on a reload).
  NotifyPages pages = {};
};

AttemptOutcome::Kind classify_http(const TransportResult& r, bool subscriber);
AttemptOutcome::Kind classify_mail(const TransportResult& r);

class DeliveryWorker {
 public:
  // Every reference must outlive the worker. `random` draws from [0, 1) for the backoff jitter
  // (default: a std::mt19937 seeded from std::random_device); it is called under a lock.
  DeliveryWorker(Store& store, NotifyStore& notify, const Clock& clock, WorkerContext context,
                 HttpPoster& http, MailSender& mail, std::function<double()> random = {});
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();
  // Stops handing out work, waits for the attempts in flight to finish, joins the threads.
  void stop();

  // One synchronous pass on the caller's thread (tests, `pharos outbox work --once`): fans out
  // every new event, then makes one attempt for each delivery due now, target heads only, until
  // none is due. Returns the number of attempts. Must not run while start()ed.
  Result<int> run_once();
  // Fans out the events not yet fanned out; returns how many.
  Result<int> fan_out_pending();
  // Fans out at most one batch of them (one transaction); returns how many.
  Result<int> fan_out_batch();
  // Looks for new events and due deliveries now (another node appended some: a change feed).
  void wake();
  // Replaces the pages of `pages:` (a config reload): events fanned out and messages rendered
  // from now on use them. Thread-safe.
  void set_pages(NotifyPages pages);

 private:
  void dispatch_loop();
  void send_loop();
  // Sends one delivery and records its outcome.
  Result<void> attempt(const Delivery& delivery);
  // Sends one delivery; the outcome to record (an error when the store could not be read).
  Result<AttemptOutcome> deliver(const Delivery& delivery);
  // Records the outcomes whose recording failed earlier (dispatcher thread).
  void record_pending();
  std::string node_id() const;
  // `page`: the subscriber's page of `pages:` (empty: the main page, or an admin route).
  Result<RenderInput> render_input(const OutboxEvent& event, const std::string& target,
                                   const std::string& page);
  Result<TransportResult> send(const Delivery& d, const OutboxEvent& e, bool* is_subscriber,
                               bool* is_mail);
  AttemptOutcome outcome_for(const Delivery& d, const TransportResult& r, bool subscriber,
                             bool mail);
  std::chrono::milliseconds next_delay(int attempt);

  Store& store_;
  NotifyStore& notify_;
  const Clock& clock_;
  WorkerContext ctx_;  // its `pages` as of the start: read pages_ instead
  // The pages of `pages:` and the component sets the fan-out reads, swapped whole by set_pages.
  struct Pages {
    NotifyPages pages;
    PageComponents components;
  };
  std::atomic<std::shared_ptr<const Pages>> pages_;
  HttpPoster& http_;
  MailSender& mail_;
  std::function<double()> random_;
  std::mutex random_mu_;

  std::mutex mu_;
  std::condition_variable wake_dispatcher_;
  std::condition_variable wake_senders_;
  bool stopping_ = false;            // GUARDED_BY(mu_)
  std::deque<Delivery> queue_;       // GUARDED_BY(mu_)
  std::set<std::string> in_flight_;  // GUARDED_BY(mu_): queued, being sent or unrecorded
  // GUARDED_BY(mu_): sent, but the store was away when the outcome was to be recorded.
  std::vector<std::pair<std::string, AttemptOutcome>> unrecorded_;
  const std::string local_id_;  // claims are made under it without ctx_.node
  std::thread dispatcher_;
  std::vector<std::thread> senders_;
  // The dispatcher retries every poll_interval while the store is away: logged once per outage.
  log::FailureLog fan_out_log_{"notify.fan_out_failed", "notify.fan_out_recovered"};
  log::FailureLog query_log_{"notify.query_failed", "notify.query_recovered"};
};

}  // namespace pharos::notify
