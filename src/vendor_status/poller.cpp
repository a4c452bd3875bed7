#include "vendor_status/poller.h"

#include <algorithm>
#include <deque>

#include "core/log.h"
#include "vendor_status/changes.h"
#include "vendor_status/components.h"
#include "vendor_status/document.h"
#include "vendor_status/poller_vendor.h"

namespace pharos::vendor_status {

struct VendorPoller::Inbox {
  std::mutex mu;
  std::condition_variable cv;
  struct Answer {
    std::size_t index;  // the vendor
    bool components;    // the components document, not the vendor's main one
    Result<FetchResponse> outcome;
  };
  std::deque<Answer> answers;
  bool stopping = false;
};

namespace {

constexpr auto kPersistAtLeastEvery = std::chrono::minutes(10);

std::size_t open_incidents(const std::vector<importer::ImportedIncident>& incidents) {
  return static_cast<std::size_t>(
      std::count_if(incidents.begin(), incidents.end(), [](const importer::ImportedIncident& i) {
        return i.kind == IncidentKind::kIncident && i.status && is_active(*i.status);
      }));
}

std::chrono::milliseconds backoff(std::chrono::milliseconds interval, std::chrono::milliseconds cap,
                                  int failures) {
  cap = std::max(cap, interval);
  auto delay = interval;
  for (int n = 1; n < failures && delay < cap; ++n) delay *= 2;
  return std::min(delay, cap);
}

VendorPollState to_poll_state(const std::string& url, const std::string& etag,
                              const std::string& last_modified, const VendorHealth& h) {
  VendorPollState s;
  s.slug = h.slug;
  s.url = url;
  s.etag = etag;
  s.last_modified = last_modified;
  s.state = std::string(to_string(h.state));
  s.reason = h.reason;
  s.error_since = h.error_since;
  s.last_attempt = h.last_attempt;
  s.last_success = h.last_success;
  s.consecutive_failures = h.consecutive_failures;
  s.document_kind = h.document_kind;
  s.open_incidents = static_cast<std::int64_t>(h.open_incidents);
  return s;
}

// Whether `now` differs from `saved` in what a restart must not lose (not the attempt times).
bool worth_saving(const VendorPollState& now, const std::optional<VendorPollState>& saved,
                  Instant at) {
  if (!saved) return true;
  if (now.url != saved->url || now.etag != saved->etag ||
      now.last_modified != saved->last_modified || now.state != saved->state ||
      now.reason != saved->reason || now.error_since != saved->error_since ||
      now.consecutive_failures != saved->consecutive_failures ||
      now.document_kind != saved->document_kind || now.open_incidents != saved->open_incidents) {
    return true;
  }
  return !saved->last_attempt || at - *saved->last_attempt >= kPersistAtLeastEvery;
}

}  // namespace

VendorPoller::VendorPoller(Store& store, const Clock& clock, Fetcher& fetcher,
                           std::vector<VendorSpec> vendors, PollerOptions options,
                           VendorStore* state)
    : store_(store),
      clock_(clock),
      fetcher_(fetcher),
      options_(options),
      state_(state),
      inbox_(std::make_shared<Inbox>()) {
  Instant now = clock_.now();
  std::vector<VendorPollState> saved;
  if (state_) {
    if (auto loaded = state_->poll_states()) {
      saved = std::move(*loaded);
    } else {
      log::warn("vendor.state_load_failed", {log::kv("error", loaded.error().describe())});
    }
  }
  for (auto& spec : vendors) {
    auto v = std::make_unique<Vendor>();
    v->url = document_url(spec);
    v->health.slug = spec.slug;
    v->health.name = spec.name;
    v->health.url = v->url;
    v->health.next_poll = now;
    for (const auto& s : saved) {
      if (s.slug == spec.slug) restore(*v, s);
    }
    v->components_url = components_url(spec, v->url);
    v->spec = std::move(spec);
    by_slug_.emplace(v->spec.slug, vendors_.size());
    vendors_.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < vendors_.size(); ++i) schedule(i);
}

VendorPoller::~VendorPoller() { stop(); }

void VendorPoller::launch(std::size_t index, bool components) {
  Vendor& v = *vendors_[index];
  v.in_flight = true;
  ++in_flight_;
  FetchRequest request;
  request.url = components ? v.components_url : v.url;
  request.etag = components ? v.components_etag : v.etag;
  request.last_modified = components ? v.components_last_modified : v.last_modified;
  request.timeout = v.spec.timeout;
  request.max_body = options_.max_body;
  fetcher_.start(std::move(request), [inbox = inbox_, index, components](Result<FetchResponse> r) {
    {
      std::lock_guard lock(inbox->mu);
      inbox->answers.push_back(Inbox::Answer{index, components, std::move(r)});
    }
    inbox->cv.notify_all();
  });
}

void VendorPoller::schedule(std::size_t index) {
  if (options_.owned) return;  // several nodes scan instead (launch_due_scanning)
  Vendor& v = *vendors_[index];
  {
    std::lock_guard lock(mu_);
    v.scheduled = v.health.next_poll;
  }
  due_.push_back(Due{v.scheduled, index});
  std::push_heap(due_.begin(), due_.end(), std::greater<>{});
}

Instant VendorPoller::launch_due(Instant now) {
  if (options_.owned) return launch_due_scanning(now);
  while (!due_.empty() && due_.front().at <= now) {
    Due top = due_.front();
    std::pop_heap(due_.begin(), due_.end(), std::greater<>{});
    due_.pop_back();
    Vendor& v = *vendors_[top.index];
    // In flight: scheduled again when its answer is settled. Stale: a later entry is live.
    if (v.in_flight || top.at != v.scheduled) continue;
    Instant next_poll;
    {
      std::lock_guard lock(mu_);
      next_poll = v.health.next_poll;
    }
    if (next_poll <= now) {
      launch(top.index, false);
    } else {
      schedule(top.index);  // moved later meanwhile
    }
  }
  Instant next = now + std::chrono::hours(1);
  if (!due_.empty()) next = std::min(next, due_.front().at);
  return next;
}

Instant VendorPoller::launch_due_scanning(Instant now) {
  Instant next = now + std::chrono::hours(1);
  follow_others(now);
  for (std::size_t i = 0; i < vendors_.size(); ++i) {
    Vendor& v = *vendors_[i];
    if (v.in_flight) continue;
    if (!take_turn(v)) {
      next = std::min(next, now + kOwnerCheck);  // polled by another node meanwhile
      continue;
    }
    Instant due;
    {
      std::lock_guard lock(mu_);
      due = v.health.next_poll;
    }
    if (due <= now) {
      launch(i, false);
    } else {
      next = std::min(next, due);
    }
  }
  return next;
}

void VendorPoller::drain(bool wait) {
  for (;;) {
    std::deque<Inbox::Answer> answers;
    {
      std::unique_lock lock(inbox_->mu);
      if (wait && in_flight_ > 0 && inbox_->answers.empty()) {
        inbox_->cv.wait(lock, [&] { return !inbox_->answers.empty() || inbox_->stopping; });
      }
      if (inbox_->stopping) return;
      answers.swap(inbox_->answers);
    }
    for (auto& answer : answers) {
      Vendor& v = *vendors_[answer.index];
      v.in_flight = false;
      --in_flight_;
      if (answer.components) {
        settle_components(v, std::move(answer.outcome));
      } else if (settle(v, std::move(answer.outcome)) && !v.components_url.empty() &&
                 !v.components_missing && state_) {
        launch(answer.index, true);
      }
      if (!v.in_flight) schedule(answer.index);
    }
    if (!wait || in_flight_ == 0) return;
  }
}

Instant VendorPoller::poll_due() {
  launch_due(clock_.now());
  drain(true);
  Instant next = clock_.now() + std::chrono::hours(1);
  std::lock_guard lock(mu_);
  for (const auto& v : vendors_) next = std::min(next, v->health.next_poll);
  return next;
}

Result<VendorHealth> VendorPoller::poll_now(const std::string& slug) {
  auto found = by_slug_.find(slug);
  if (found == by_slug_.end()) return Error::not_found("no vendor '" + slug + "'");
  Vendor& v = *vendors_[found->second];
  if (!v.in_flight) launch(found->second, false);
  drain(true);
  std::lock_guard lock(mu_);
  return v.health;
}

bool VendorPoller::settle(Vendor& v, Result<FetchResponse> response) {
  Instant now = clock_.now();
  if (!response) {
    bool too_large = response.error().code == ErrorCode::kInvalidArgument;
    fail(v, now, too_large ? VendorState::kBadDocument : VendorState::kUnreachable,
         response.error().message);
    persist(v, now);
    return false;
  }
  if (response->status == 304) {
    std::lock_guard lock(mu_);
    ++v.health.not_modified;
  } else if (response->status < 200 || response->status >= 300) {
    fail(v, now, VendorState::kUnreachable, "HTTP " + std::to_string(response->status));
    bool asks_to_wait = response->status == 429 || response->status == 503;
    if (asks_to_wait && response->retry_after) {
      auto cap = std::max(options_.backoff_max, v.spec.interval);
      auto wish = std::min<std::chrono::milliseconds>(*response->retry_after, cap);
      std::lock_guard lock(mu_);
      v.health.next_poll = std::max(v.health.next_poll, now + wish);
    }
    persist(v, now);
    return false;
  } else {
    auto doc = read_document(response->body, v.spec, now);
    if (!doc) {
      fail(v, now, VendorState::kBadDocument, doc.error().message);
      persist(v, now);
      return false;
    }
    auto changes = record_incidents(attributed_, v.spec, doc->incidents, now);
    if (!changes) {
      fail(v, now, VendorState::kStoreError, changes.error().describe());
      persist(v, now);
      return false;
    }
    // summary.json carries the components itself: no second request.
    auto components = read_components(response->body, v.spec);
    if (components && *components) {
      v.components_url.clear();
      store_components(v, **components, now);
    }
    v.etag = response->etag;
    v.last_modified = response->last_modified;
    std::lock_guard lock(mu_);
    v.health.document_kind = doc->kind;
    v.health.open_incidents = open_incidents(doc->incidents);
    v.health.incidents_created += changes->created;
    v.health.incidents_updated += changes->updated;
    if (changes->created + changes->updated > 0) {
      log::info(
          "vendor.changed",
          {log::kv("vendor", v.spec.slug), log::kv("created", changes->created),
           log::kv("updated", changes->updated), log::kv("added_updates", changes->added_updates)});
    }
  }
  succeed(v, now);
  persist(v, now);
  return true;
}

void VendorPoller::settle_components(Vendor& v, Result<FetchResponse> response) {
  Instant now = clock_.now();
  std::string problem;
  if (!response) {
    problem = response.error().message;
  } else if (response->status == 304) {
    // unchanged
  } else if (response->status == 404) {
    v.components_missing = true;  // a page without a components document (e.g. a feed-only site)
  } else if (response->status < 200 || response->status >= 300) {
    problem = "HTTP " + std::to_string(response->status);
  } else if (auto read = read_components(response->body, v.spec); !read) {
    problem = read.error().describe();
  } else if (!*read) {
    problem = "no components in " + v.components_url;
  } else if (store_components(v, **read, now)) {
    v.components_etag = response->etag;
    v.components_last_modified = response->last_modified;
  }
  std::lock_guard lock(mu_);
  if (v.health.components_reason != problem) ++generation_;
  v.health.components_reason = problem;
}

bool VendorPoller::store_components(Vendor& v, const std::vector<VendorComponentStatus>& current,
                                    Instant now) {
  // A component down without a vendor incident about it becomes one (changes.h); this needs only
  // the Store, so it runs with or without a VendorStore.
  if (auto made = record_component_incidents(attributed_, v.spec, current, now); !made) {
    log::warn("vendor.component_incidents_failed",
              {log::kv("vendor", v.spec.slug), log::kv("error", made.error().describe())});
  } else if (made->created + made->updated > 0) {
    std::lock_guard lock(mu_);
    v.health.incidents_created += made->created;
    v.health.incidents_updated += made->updated;
    ++generation_;
    log::info("vendor.component_incidents",
              {log::kv("vendor", v.spec.slug), log::kv("created", made->created),
               log::kv("updated", made->updated)});
  }
  if (!state_) return false;
  auto changes = state_->replace_components(v.spec.slug, current, now);
  if (changes) write_log_.components_written(v.spec.slug);
  if (!changes) {
    log::warn("vendor.components_store_failed",
              {log::kv("vendor", v.spec.slug), log::kv("error", changes.error().describe())});
    return false;
  }
  for (const auto& c : *changes) {
    log::info("vendor.component_changed",
              {log::kv("vendor", v.spec.slug), log::kv("component", c.name),
               log::kv("from", to_string(c.from)), log::kv("to", to_string(c.to))});
  }
  std::lock_guard lock(mu_);
  if (!changes->empty() || v.health.components != current.size()) ++generation_;  // re-render
  v.health.components = current.size();
  return true;
}

void VendorPoller::succeed(Vendor& v, Instant now) {
  std::lock_guard lock(mu_);
  VendorHealth& h = v.health;
  if (h.state != VendorState::kOk && h.state != VendorState::kPending) {
    log::info("vendor.recovered", {log::kv("vendor", v.spec.slug)});
  }
  if (h.state != VendorState::kOk || h.open_incidents != v.published_open) ++generation_;
  v.published_open = h.open_incidents;
  h.state = VendorState::kOk;
  h.reason.clear();
  h.error_since.reset();
  h.consecutive_failures = 0;
  h.last_attempt = h.last_success = now;
  ++h.polls;
  auto interval = v.spec.interval;
  if (h.open_incidents > 0) interval = std::min(interval, options_.open_incident_interval);
  h.next_poll = now + interval;
}

void VendorPoller::fail(Vendor& v, Instant now, VendorState state, const std::string& reason) {
  std::lock_guard lock(mu_);
  VendorHealth& h = v.health;
  if (h.state != state || h.reason != reason) {
    ++generation_;
    log::warn("vendor.error", {log::kv("vendor", v.spec.slug), log::kv("state", to_string(state)),
                               log::kv("reason", reason)});
  }
  if (!h.error_since) h.error_since = now;
  h.state = state;
  h.reason = reason;
  h.last_attempt = now;
  ++h.polls;
  ++h.consecutive_failures;
  h.next_poll = now + backoff(v.spec.interval, options_.backoff_max, h.consecutive_failures);
}

void VendorPoller::persist(Vendor& v, Instant now) {
  if (!state_) return;
  VendorPollState current;
  {
    std::lock_guard lock(mu_);
    current = to_poll_state(v.url, v.etag, v.last_modified, v.health);
  }
  if (!worth_saving(current, v.saved, now)) return;
  if (auto saved = state_->save_poll_state(current); !saved) {
    log::warn("vendor.state_save_failed",
              {log::kv("vendor", v.spec.slug), log::kv("error", saved.error().describe())});
    return;
  }
  v.saved = std::move(current);
}

void VendorPoller::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(inbox_->mu);
    inbox_->stopping = false;
  }
  thread_ = std::thread([this] { run(); });
}

void VendorPoller::stop() {
  {
    std::lock_guard lock(inbox_->mu);
    inbox_->stopping = true;
  }
  inbox_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VendorPoller::run() {
  for (;;) {
    Instant next = launch_due(clock_.now());
    drain(false);
    std::unique_lock lock(inbox_->mu);
    if (inbox_->stopping) return;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - clock_.now());
    wait = std::clamp(wait, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    inbox_->cv.wait_for(lock, wait,
                        [this] { return inbox_->stopping || !inbox_->answers.empty(); });
    if (inbox_->stopping) return;
  }
}

std::vector<VendorHealth> VendorPoller::health() const {
  std::lock_guard lock(mu_);
  std::vector<VendorHealth> out;
  for (const auto& v : vendors_) out.push_back(v->health);
  return out;
}

std::optional<VendorHealth> VendorPoller::health(const std::string& slug) const {
  auto found = by_slug_.find(slug);  // by_slug_ is not written after construction
  if (found == by_slug_.end()) return std::nullopt;
  std::lock_guard lock(mu_);
  return vendors_[found->second]->health;
}

}  // namespace pharos::vendor_status
