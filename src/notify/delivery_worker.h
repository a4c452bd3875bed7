#pragma once
// The delivery worker: drains the durable outbox. It fans each new event out to its targets
// (fanout.h), renders the message for each target's channel, sends it, and records the outcome
// in the NotifyStore. All delivery state lives in the database, so a restart (or kill -9)
// resumes exactly where the database says: at-least-once, with a stable idempotency id per
// (event, target) sent along (X-Pharos-Delivery header, email Message-ID).
//
// Threads: start() runs one dispatcher thread and `delivery.concurrency` sender threads. The
// dispatcher hands out due deliveries, at most one per target at a time (per-target order, see
// NotifyStore::due_deliveries), never more than the concurrency cap in flight; each send is
// bounded by the connect and total timeouts, so a slow peer holds one sender at most that long.
//
// Outcome of an attempt (classify_http / classify_mail):
//   2xx / mail accepted               → delivered
//   410 Gone from a subscriber's hook → the subscriber is removed, its queue cancelled
//   other 4xx except 408/429, SMTP 5xx → dead at once (retrying cannot help)
//   anything else (5xx, 3xx, timeout, refused) → retry after backoff_delay(attempt), or dead
//                                        when the first failure is give_up_after old.
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "config/notify_spec.h"
#include "core/clock.h"
#include "notify/message.h"
#include "notify/transport.h"
#include "storage/notify_store.h"
#include "storage/store.h"

namespace pharos::notify {

struct WorkerContext {
  Page page;
  TimeZone zone = TimeZone::utc();
  NotifySpec spec;
  std::chrono::milliseconds poll_interval{250};  // how often to look for new events
  std::map<std::string, std::string> vendor_names;  // display names by slug (Config::vendor_names)
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

 private:
  void dispatch_loop();
  void send_loop();
  Result<void> attempt(const Delivery& delivery);
  Result<RenderInput> render_input(const OutboxEvent& event, const std::string& target);
  Result<TransportResult> send(const Delivery& d, const OutboxEvent& e, bool* is_subscriber,
                               bool* is_mail);
  AttemptOutcome outcome_for(const Delivery& d, const TransportResult& r, bool subscriber,
                             bool mail);
  std::chrono::milliseconds next_delay(int attempt);

  Store& store_;
  NotifyStore& notify_;
  const Clock& clock_;
  WorkerContext ctx_;
  HttpPoster& http_;
  MailSender& mail_;
  std::function<double()> random_;
  std::mutex random_mu_;

  std::mutex mu_;
  std::condition_variable wake_dispatcher_;
  std::condition_variable wake_senders_;
  bool stopping_ = false;                 // GUARDED_BY(mu_)
  std::deque<Delivery> queue_;            // GUARDED_BY(mu_)
  std::set<std::string> in_flight_;       // GUARDED_BY(mu_): queued or being sent
  std::thread dispatcher_;
  std::vector<std::thread> senders_;
};

}  // namespace pharos::notify
