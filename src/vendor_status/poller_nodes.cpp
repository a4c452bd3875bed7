// The poller with several nodes (PollerOptions::owned): each vendor is polled by the one node
// holding its lease; the others show the health the owner saved in the VendorStore, and a node
// that takes a vendor over starts from the validators saved there.
#include <algorithm>

#include "core/log.h"
#include "vendor_status/poller_vendor.h"

namespace pharos::vendor_status {
namespace {

// How often a vendor this node does not poll has its shown health read from the store.
constexpr std::chrono::seconds kFollowEvery{5};

}  // namespace

void VendorPoller::restore(Vendor& v, const VendorPollState& s) {
  v.saved = s;
  if (s.url != v.url) return;  // the spec points elsewhere now: start afresh
  v.etag = s.etag;
  v.last_modified = s.last_modified;
  std::lock_guard lock(mu_);
  VendorHealth& h = v.health;
  h.state = parse_vendor_state(s.state).value_or(VendorState::kPending);
  h.reason = s.reason;
  h.error_since = s.error_since;
  h.last_attempt = s.last_attempt;
  h.last_success = s.last_success;
  h.consecutive_failures = s.consecutive_failures;
  h.document_kind = s.document_kind;
  h.open_incidents = static_cast<std::size_t>(std::max<std::int64_t>(0, s.open_incidents));
  v.published_open = h.open_incidents;
}

bool VendorPoller::take_turn(Vendor& v) {
  bool own = !options_.owned || options_.owned(v.spec.slug);
  if (own && !v.owned && state_) {
    // Taken over from another node: continue from what it saved, and poll now.
    if (auto saved = state_->poll_states()) {
      for (const auto& s : *saved) {
        if (s.slug == v.spec.slug) restore(v, s);
      }
    }
    std::lock_guard lock(mu_);
    v.health.next_poll = clock_.now();
    log::info("vendor.taken_over", {log::kv("vendor", v.spec.slug)});
  }
  v.owned = own;
  return own;
}

void VendorPoller::follow_others(Instant now) {
  if (!options_.owned || !state_ || now - followed_at_ < kFollowEvery) return;
  bool others = std::any_of(vendors_.begin(), vendors_.end(),
                            [](const std::unique_ptr<Vendor>& v) { return !v->owned; });
  if (!others) return;
  followed_at_ = now;
  auto saved = state_->poll_states();
  if (!saved) return;  // shown as it was; the next try is kFollowEvery away
  bool changed = false;
  for (auto& v : vendors_) {
    if (v->owned) continue;
    for (const auto& s : *saved) {
      if (s.slug != v->spec.slug) continue;
      VendorState before;
      std::size_t open_before;
      {
        std::lock_guard lock(mu_);
        before = v->health.state;
        open_before = v->health.open_incidents;
      }
      restore(*v, s);
      std::lock_guard lock(mu_);
      changed |= v->health.state != before || v->health.open_incidents != open_before;
    }
  }
  if (changed) generation_.fetch_add(1);
}

}  // namespace pharos::vendor_status
