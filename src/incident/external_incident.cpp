#include "incident/external_incident.h"

#include <algorithm>

namespace pharos {
namespace {

bool same_update(const IncidentUpdate& a, const IncidentUpdate& b, bool timeless) {
  return a.status == b.status && (timeless || a.display_at == b.display_at) && a.body == b.body;
}

// True when `fresh`'s latest update is not older than the stored one's: only then may it replace
// status, resolution and the rest.
bool is_fresher(const Incident& stored, const Incident& fresh) {
  if (stored.updates.empty() || fresh.updates.empty()) return true;
  return fresh.updates.back().display_at >= stored.updates.back().display_at;
}

std::size_t append_new_updates(Incident& stored, const Incident& fresh, bool timeless) {
  std::size_t added = 0;
  for (const auto& u : fresh.updates) {
    bool known = std::any_of(stored.updates.begin(), stored.updates.end(),
                             [&](const IncidentUpdate& s) { return same_update(s, u, timeless); });
    if (!known) {
      stored.updates.push_back(u);
      ++added;
    }
  }
  std::stable_sort(
      stored.updates.begin(), stored.updates.end(),
      [](const IncidentUpdate& a, const IncidentUpdate& b) { return a.display_at < b.display_at; });
  return added;
}

}  // namespace

std::string_view to_string(RecordAction action) {
  switch (action) {
    case RecordAction::kCreated:
      return "created";
    case RecordAction::kUpdated:
      return "updated";
    case RecordAction::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

bool merge_external(Incident& stored, const Incident& fresh, const ExternalMerge& rule,
                    std::size_t& added) {
  added = append_new_updates(stored, fresh, rule.timeless_updates);
  bool changed = added > 0;
  if (!is_fresher(stored, fresh)) return changed;
  auto take = [&changed](auto& to, const auto& from) {
    if (!(to == from)) {
      to = from;
      changed = true;
    }
  };
  take(stored.name, fresh.name);
  take(stored.status, fresh.status);
  take(stored.started_at, fresh.started_at);
  take(stored.resolved_at, fresh.resolved_at);
  take(stored.monitoring_at, fresh.monitoring_at);
  take(stored.impact, fresh.impact);
  take(stored.impact_override, fresh.impact_override);
  take(stored.scheduled_for, fresh.scheduled_for);
  take(stored.scheduled_until, fresh.scheduled_until);
  take(stored.external_components, fresh.external_components);
  if (!fresh.source_url.empty()) take(stored.source_url, fresh.source_url);
  if (!rule.keep_detected_at) take(stored.detected_at, fresh.detected_at);
  auto body = [](const Incident& i) {
    return i.postmortem ? std::optional(i.postmortem->body) : std::nullopt;
  };
  if (body(stored) != body(fresh)) {
    stored.postmortem = fresh.postmortem;
    changed = true;
  }
  return changed;
}

Result<RecordOutcome> record_external_incident(Store& store, const Incident& fresh,
                                               const ExternalMerge& rule, Instant now) {
  auto existing = store.find_incident_by_fingerprint(fresh.fingerprint);
  if (!existing) return existing.error();
  RecordOutcome outcome;
  if (!existing->has_value()) {
    PHAROS_TRY(store.save_incident(IncidentWrite{fresh, 0, {}}));
    outcome.action = RecordAction::kCreated;
    outcome.incident_id = fresh.id;
    outcome.added_updates = fresh.updates.size();
    return outcome;
  }
  Incident stored = std::move(**existing);
  outcome.incident_id = stored.id;
  std::int64_t version = stored.version;
  if (!merge_external(stored, fresh, rule, outcome.added_updates)) return outcome;
  stored.updated_at = now;
  PHAROS_TRY(store.save_incident(IncidentWrite{stored, version, {}}));
  outcome.action = RecordAction::kUpdated;
  return outcome;
}

}  // namespace pharos
