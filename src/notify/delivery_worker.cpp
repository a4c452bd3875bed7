#include "notify/delivery_worker.h"

#include <random>

#include "core/log.h"
#include "notify/backoff.h"
#include "notify/fanout.h"

namespace pharos::notify {
namespace {

constexpr size_t kFanOutBatch = 200;

std::function<double()> default_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

}  // namespace

AttemptOutcome::Kind classify_http(const TransportResult& r, bool subscriber) {
  using Kind = AttemptOutcome::Kind;
  if (!r.transport_ok) return Kind::kRetry;
  if (r.code >= 200 && r.code <= 299) return Kind::kDelivered;
  if (r.code == 410 && subscriber) return Kind::kUnsubscribe;
  if (r.code == 408 || r.code == 429) return Kind::kRetry;
  if (r.code >= 400 && r.code <= 499) return Kind::kDead;
  return Kind::kRetry;
}

AttemptOutcome::Kind classify_mail(const TransportResult& r) {
  using Kind = AttemptOutcome::Kind;
  if (r.transport_ok && r.error.empty()) return Kind::kDelivered;
  if (r.code >= 500 && r.code <= 599) return Kind::kDead;
  return Kind::kRetry;
}

DeliveryWorker::DeliveryWorker(Store& store, NotifyStore& notify, const Clock& clock,
                               WorkerContext context, HttpPoster& http, MailSender& mail,
                               std::function<double()> random)
    : store_(store),
      notify_(notify),
      clock_(clock),
      ctx_(std::move(context)),
      http_(http),
      mail_(mail),
      random_(random ? std::move(random) : default_random()),
      local_id_("local/" + std::to_string(std::random_device{}())) {
  set_pages(ctx_.pages);
}

void DeliveryWorker::set_pages(NotifyPages pages) {
  auto next = std::make_shared<Pages>();
  for (const auto& [slug, page] : pages) next->components.emplace(slug, page.components);
  next->pages = std::move(pages);
  pages_.store(std::move(next));
}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  std::lock_guard lock(mu_);
  if (dispatcher_.joinable()) return;
  stopping_ = false;
  dispatcher_ = std::thread([this] { dispatch_loop(); });
  for (int i = 0; i < ctx_.spec.delivery.concurrency; ++i) {
    senders_.emplace_back([this] { send_loop(); });
  }
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  wake_dispatcher_.notify_all();
  wake_senders_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& t : senders_) t.join();
  senders_.clear();
  std::lock_guard lock(mu_);
  in_flight_.clear();
}

Result<int> DeliveryWorker::fan_out_batch() {
  auto events = notify_.unfanned_events(kFanOutBatch);
  if (!events) return events.error();
  if (events->empty()) return 0;
  auto subscribers = notify_.list_subscribers();
  if (!subscribers) return subscribers.error();
  std::vector<FanOut> batch;
  auto pages = pages_.load();
  for (const auto& event : *events) {
    std::vector<std::string> components;
    std::string vendor;
    if (event.kind == EventKind::kIncidentUpdated) {
      auto incident = store_.find_incident(event.incident_id);
      if (!incident) return incident.error();
      if (*incident) components = (*incident)->component_ids;
      if (*incident && (*incident)->source == IncidentSource::kVendor) vendor = (*incident)->vendor;
    }
    batch.push_back({event.seq, targets_for(event, *subscribers, ctx_.spec.routes.size(),
                                            components, vendor, pages->components)});
  }
  PHAROS_TRY(notify_.fan_out_batch(batch, clock_.now()));
  return static_cast<int>(batch.size());
}

Result<int> DeliveryWorker::fan_out_pending() {
  int total = 0;
  while (true) {
    auto n = fan_out_batch();
    if (!n) return n.error();
    if (*n == 0) return total;
    total += *n;
  }
}

Result<int> DeliveryWorker::run_once() {
  PHAROS_TRY(fan_out_pending());
  int attempts = 0;
  std::set<std::string> tried;  // one attempt per delivery per pass
  while (true) {
    auto due = notify_.due_deliveries(clock_.now(), 64,
                                      std::vector<std::string>(tried.begin(), tried.end()));
    if (!due) return due.error();
    if (due->empty()) return attempts;
    for (const auto& d : *due) {
      tried.insert(d.id);
      PHAROS_TRY(attempt(d));
      ++attempts;
    }
  }
}

void DeliveryWorker::dispatch_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto fanned = fan_out_batch();  // one batch per round: a stream of events cannot starve sends
    fan_out_log_.note(fanned);
    lock.lock();
    lock.unlock();
    record_pending();
    lock.lock();
    size_t cap = static_cast<size_t>(ctx_.spec.delivery.concurrency);
    if (!stopping_ && in_flight_.size() < cap && (!ctx_.may_send || ctx_.may_send())) {
      std::vector<std::string> busy(in_flight_.begin(), in_flight_.end());
      lock.unlock();
      // Claimed in the store, so no other node sends them while this one is alive.
      auto due = notify_.claim_due(node_id(), clock_.now(), cap - busy.size(), busy);
      lock.lock();
      query_log_.note(due);
      if (due) {
        for (auto& d : *due) {
          if (!in_flight_.insert(d.id).second) continue;
          queue_.push_back(std::move(d));
        }
        wake_senders_.notify_all();
        if (!due->empty()) continue;  // look again at once: more may be due
      }
    }
    wake_dispatcher_.wait_for(lock, ctx_.poll_interval);
  }
}

void DeliveryWorker::send_loop() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_senders_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Delivery d = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    auto outcome = deliver(d);
    Result<void> recorded =
        outcome ? notify_.record_attempt(d.id, *outcome) : Result<void>(outcome.error());
    lock.lock();
    if (outcome && !recorded) {
      // Sent but not recorded (the store is away): kept in flight, so it is not claimed and
      // sent again, and recorded by the dispatcher once the store answers.
      log::warn("notify.record_failed",
                {log::kv("delivery", d.id), log::kv("error", recorded.error().describe())});
      unrecorded_.emplace_back(d.id, std::move(*outcome));
    } else {
      if (!outcome) {
        log::warn("notify.attempt_failed",
                  {log::kv("delivery", d.id), log::kv("error", outcome.error().describe())});
      }
      in_flight_.erase(d.id);
    }
    wake_dispatcher_.notify_all();
  }
}

std::chrono::milliseconds DeliveryWorker::next_delay(int attempt) {
  std::lock_guard lock(random_mu_);
  return backoff_delay(attempt, ctx_.spec.delivery.backoff_base, ctx_.spec.delivery.backoff_max,
                       random_());
}

AttemptOutcome DeliveryWorker::outcome_for(const Delivery& d, const TransportResult& r,
                                           bool subscriber, bool mail) {
  AttemptOutcome o;
  o.at = clock_.now();
  o.kind = mail ? classify_mail(r) : classify_http(r, subscriber);
  o.error = r.error;
  if (o.kind == AttemptOutcome::Kind::kRetry) {
    Instant first = d.first_failure_at.value_or(o.at);
    if (o.at - first >= ctx_.spec.delivery.give_up_after) {
      o.kind = AttemptOutcome::Kind::kDead;
      o.error = "gave up after " + std::to_string(d.attempts + 1) + " attempts: " + r.error;
    } else {
      o.next_attempt_at = o.at + next_delay(d.attempts + 1);
    }
  }
  return o;
}

void DeliveryWorker::record_pending() {
  std::vector<std::pair<std::string, AttemptOutcome>> pending;
  {
    std::lock_guard lock(mu_);
    pending.swap(unrecorded_);
  }
  for (auto& [id, outcome] : pending) {
    bool recorded = notify_.record_attempt(id, outcome).ok();
    std::lock_guard lock(mu_);
    if (recorded) {
      in_flight_.erase(id);
    } else {
      unrecorded_.emplace_back(std::move(id), std::move(outcome));
    }
  }
}

std::string DeliveryWorker::node_id() const { return ctx_.node ? ctx_.node() : local_id_; }

void DeliveryWorker::wake() { wake_dispatcher_.notify_all(); }

Result<void> DeliveryWorker::attempt(const Delivery& d) {
  auto outcome = deliver(d);
  if (!outcome) return outcome.error();
  return notify_.record_attempt(d.id, *outcome);
}

Result<AttemptOutcome> DeliveryWorker::deliver(const Delivery& d) {
  auto event = notify_.find_event(d.event_seq);
  if (!event) return event.error();
  bool subscriber = false;
  bool mail = false;
  Result<TransportResult> sent =
      *event ? send(d, **event, &subscriber, &mail)
             : Result<TransportResult>(Error::not_found("the outbox event is gone"));
  if (!sent) {
    // Nothing to send (subscriber or incident gone, no SMTP configured): a permanent failure,
    // unless the store was merely unavailable.
    if (sent.error().code == ErrorCode::kUnavailable) return sent.error();
    AttemptOutcome dead{AttemptOutcome::Kind::kDead, clock_.now(), {}, sent.error().describe()};
    log::warn("notify.undeliverable", {log::kv("delivery", d.id), log::kv("error", dead.error)});
    return dead;
  }
  AttemptOutcome o = outcome_for(d, *sent, subscriber, mail);
  using Kind = AttemptOutcome::Kind;
  if (o.kind == Kind::kDelivered) {
    log::debug("notify.delivered",
               {log::kv("delivery", d.id), log::kv("attempts", d.attempts + 1)});
  } else {
    log::warn(o.kind == Kind::kRetry ? "notify.retry" : "notify.failed",
              {log::kv("delivery", d.id), log::kv("attempts", d.attempts + 1),
               log::kv("error", o.error), log::kv("unsubscribe", o.kind == Kind::kUnsubscribe)});
  }
  return o;
}

}  // namespace pharos::notify
