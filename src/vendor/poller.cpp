#include "vendor/poller.h"

#include <algorithm>

#include "core/log.h"
#include "vendor/changes.h"
#include "vendor/document.h"

namespace pharos::vendor {

// Poller-thread state of one vendor; `health` is also read by other threads under mu_.
struct VendorPoller::Vendor {
  VendorSpec spec;
  std::string url;
  std::string etag;           // of the last answer that was read and stored
  std::string last_modified;
  VendorHealth health;        // GUARDED_BY(mu_)
  std::size_t published_open = 0;  // open_incidents when generation_ was last bumped
};

namespace {

std::size_t open_incidents(const std::vector<importer::ImportedIncident>& incidents) {
  return static_cast<std::size_t>(
      std::count_if(incidents.begin(), incidents.end(), [](const importer::ImportedIncident& i) {
        return i.kind == IncidentKind::kIncident && i.status && is_active(*i.status);
      }));
}

std::chrono::milliseconds backoff(std::chrono::milliseconds interval,
                                  std::chrono::milliseconds cap, int failures) {
  cap = std::max(cap, interval);
  auto delay = interval;
  for (int n = 1; n < failures && delay < cap; ++n) delay *= 2;
  return std::min(delay, cap);
}

}  // namespace

VendorPoller::VendorPoller(Store& store, const Clock& clock, Fetcher& fetcher,
                           std::vector<VendorSpec> vendors, PollerOptions options)
    : store_(store), clock_(clock), fetcher_(fetcher), options_(options) {
  Instant now = clock_.now();
  for (auto& spec : vendors) {
    auto v = std::make_unique<Vendor>();
    v->url = document_url(spec);
    v->health.slug = spec.slug;
    v->health.name = spec.name;
    v->health.url = v->url;
    v->health.next_poll = now;
    v->spec = std::move(spec);
    vendors_.push_back(std::move(v));
  }
}

VendorPoller::~VendorPoller() { stop(); }

Instant VendorPoller::poll_due() {
  Instant now = clock_.now();
  Instant next = now + std::chrono::hours(1);
  for (auto& v : vendors_) {
    Instant due;
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
      due = v->health.next_poll;
    }
    if (due <= now) poll(*v);
    std::lock_guard lock(mu_);
    next = std::min(next, v->health.next_poll);
  }
  return next;
}

Result<VendorHealth> VendorPoller::poll_now(const std::string& slug) {
  for (auto& v : vendors_) {
    if (v->spec.slug != slug) continue;
    poll(*v);
    std::lock_guard lock(mu_);
    return v->health;
  }
  return Error::not_found("no vendor '" + slug + "'");
}

void VendorPoller::poll(Vendor& v) {
  FetchRequest request{v.url, v.etag, v.last_modified, v.spec.timeout, options_.max_body};
  auto response = fetcher_.fetch(request);
  Instant now = clock_.now();
  if (!response) {
    bool too_large = response.error().code == ErrorCode::kInvalidArgument;
    return fail(v, now, too_large ? VendorState::kBadDocument : VendorState::kUnreachable,
                response.error().message);
  }
  if (response->status == 304) {
    std::lock_guard lock(mu_);
    ++v.health.not_modified;
  } else if (response->status < 200 || response->status >= 300) {
    return fail(v, now, VendorState::kUnreachable, "HTTP " + std::to_string(response->status));
  } else {
    auto doc = read_document(response->body, v.spec, now);
    if (!doc) return fail(v, now, VendorState::kBadDocument, doc.error().message);
    auto changes = record_incidents(store_, v.spec, doc->incidents, now);
    if (!changes) return fail(v, now, VendorState::kStoreError, changes.error().describe());
    v.etag = response->etag;
    v.last_modified = response->last_modified;
    std::lock_guard lock(mu_);
    v.health.document_kind = doc->kind;
    v.health.open_incidents = open_incidents(doc->incidents);
    v.health.incidents_created += changes->created;
    v.health.incidents_updated += changes->updated;
    if (changes->created + changes->updated > 0) {
      log::info("vendor.changed", {log::kv("vendor", v.spec.slug),
                                   log::kv("created", changes->created),
                                   log::kv("updated", changes->updated),
                                   log::kv("added_updates", changes->added_updates)});
    }
  }
  succeed(v, now);
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

void VendorPoller::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void VendorPoller::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void VendorPoller::run() {
  while (true) {
    Instant next = poll_due();
    std::unique_lock lock(mu_);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - clock_.now());
    wait = std::clamp(wait, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    wake_.wait_for(lock, wait, [this] { return stopping_; });
    if (stopping_) return;
  }
}

std::vector<VendorHealth> VendorPoller::health() const {
  std::lock_guard lock(mu_);
  std::vector<VendorHealth> out;
  for (const auto& v : vendors_) out.push_back(v->health);
  return out;
}

std::optional<VendorHealth> VendorPoller::health(const std::string& slug) const {
  std::lock_guard lock(mu_);
  for (const auto& v : vendors_) {
    if (v->spec.slug == slug) return v->health;
  }
  return std::nullopt;
}

}  // namespace pharos::vendor
