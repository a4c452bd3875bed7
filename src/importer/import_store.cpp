#include "importer/import_store.h"

#include <algorithm>

#include "core/ids.h"

namespace pharos::importer {
namespace {

// Display times for updates the page printed without one (see the header).
std::vector<Instant> display_times(const ImportedIncident& in, Instant start) {
  std::vector<Instant> out;
  Instant previous = start;
  for (size_t n = 0; n < in.updates.size(); ++n) {
    const auto& u = in.updates[n];
    Instant at = previous;
    if (u.at)
      at = *u.at;
    else if (n == 0)
      at = start;
    else if (is_closed(u.status) && in.resolved_at)
      at = *in.resolved_at;
    out.push_back(at);
    previous = at;
  }
  return out;
}

std::vector<IncidentUpdate> domain_updates(const ImportedIncident& in, Instant start, Instant now,
                                           const std::string& author) {
  std::vector<IncidentUpdate> out;
  auto times = display_times(in, start);
  for (size_t n = 0; n < in.updates.size(); ++n) {
    IncidentUpdate u;
    u.id = new_id();
    u.status = in.updates[n].status;
    u.body = in.updates[n].body;
    u.display_at = times[n];
    u.created_at = u.updated_at = now;
    u.deliver_notifications = false;
    u.author = author;
    out.push_back(std::move(u));
  }
  return out;
}

std::optional<Instant> first_monitoring(const std::vector<IncidentUpdate>& updates) {
  for (const auto& u : updates) {
    if (u.status == IncidentStatus::kMonitoring || u.status == IncidentStatus::kVerifying)
      return u.display_at;
  }
  return std::nullopt;
}

bool same_update(const IncidentUpdate& a, const IncidentUpdate& b) {
  return a.status == b.status && a.display_at == b.display_at && a.body == b.body;
}

// Copies what the newer report says onto `stored`; true when anything changed.
// True when `fresh` is at least as recent as `stored` (its latest update is not older): only then
// may it replace status, resolution, impact and the rest. An older snapshot only adds updates.
bool is_fresher(const Incident& stored, const Incident& fresh) {
  if (stored.updates.empty() || fresh.updates.empty()) return true;
  return fresh.updates.back().display_at >= stored.updates.back().display_at;
}

bool merge(Incident& stored, const Incident& fresh, size_t& added) {
  bool fresher = is_fresher(stored, fresh);
  for (const auto& u : fresh.updates) {
    bool known = std::any_of(stored.updates.begin(), stored.updates.end(),
                             [&](const IncidentUpdate& s) { return same_update(s, u); });
    if (!known) {
      stored.updates.push_back(u);
      ++added;
    }
  }
  std::stable_sort(
      stored.updates.begin(), stored.updates.end(),
      [](const IncidentUpdate& a, const IncidentUpdate& b) { return a.display_at < b.display_at; });
  bool changed = added > 0;
  if (!fresher) return changed;
  auto take = [&changed](auto& to, const auto& from) {
    if (!(to == from)) {
      to = from;
      changed = true;
    }
  };
  take(stored.status, fresh.status);
  take(stored.resolved_at, fresh.resolved_at);
  take(stored.monitoring_at, fresh.monitoring_at);
  take(stored.impact, fresh.impact);
  take(stored.impact_override, fresh.impact_override);
  take(stored.external_components, fresh.external_components);
  take(stored.source_url, fresh.source_url);
  take(stored.detected_at, fresh.detected_at);
  std::optional<std::string> old_pm =
      stored.postmortem ? std::optional(stored.postmortem->body) : std::nullopt;
  std::optional<std::string> new_pm =
      fresh.postmortem ? std::optional(fresh.postmortem->body) : std::nullopt;
  if (old_pm != new_pm) {
    stored.postmortem = fresh.postmortem;
    changed = true;
  }
  return changed;
}

}  // namespace

std::string fingerprint(const ImportedIncident& in) {
  std::string start = in.started_at ? format_iso_utc(*in.started_at) : "";
  return in.vendor.value_or("") + "|" + stored_title(in) + "|" + start;
}

std::string stored_title(const ImportedIncident& in) {
  if (in.title && !in.title->empty()) return *in.title;
  std::string day =
      in.started_at ? format_date_in_zone(*in.started_at, TimeZone::utc()) : "unknown date";
  return (in.vendor ? *in.vendor : std::string("Imported")) + " incident on " + day;
}

Result<Incident> to_domain(const ImportedIncident& in, Instant now) {
  if (!in.started_at) {
    return Error::invalid(
        "the report gives no time for the incident; add --date and --tz if its times lack them");
  }
  Incident i;
  i.id = new_id();
  i.kind = in.kind;
  i.name = stored_title(in);
  i.status = in.status.value_or(IncidentStatus::kInvestigating);
  i.impact = in.impact.value_or(in.kind == IncidentKind::kMaintenance ? Impact::kMaintenance
                                                                      : Impact::kNone);
  i.impact_override = in.impact;
  i.created_at = i.updated_at = now;
  i.started_at = *in.started_at;
  i.resolved_at = in.resolved_at;
  i.detected_at = in.detected_at;
  i.scheduled_for = in.scheduled_for;
  i.scheduled_until = in.scheduled_until;
  i.external_components = in.components;
  std::string author = "import:" + in.vendor.value_or("unknown");
  i.updates = domain_updates(in, *in.started_at, now, author);
  i.monitoring_at = first_monitoring(i.updates);
  if (in.postmortem) {
    Postmortem pm;
    pm.body = *in.postmortem;
    pm.published_at = in.postmortem_at ? in.postmortem_at : in.resolved_at;
    pm.updated_at = pm.published_at.value_or(now);
    i.postmortem = pm;
  }
  i.source = IncidentSource::kImported;
  i.controller = Controller::kHuman;
  i.vendor = in.vendor.value_or("");
  i.source_url = in.source_url.value_or("");
  i.fingerprint = fingerprint(in);
  return i;
}

std::string_view to_string(StoreAction action) {
  switch (action) {
    case StoreAction::kCreated:
      return "created";
    case StoreAction::kUpdated:
      return "updated";
    case StoreAction::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

Result<StoreOutcome> store_imported(Store& store, const ImportedIncident& in, Instant now) {
  auto fresh = to_domain(in, now);
  if (!fresh) return fresh.error();
  auto existing = store.find_incident_by_fingerprint(fresh->fingerprint);
  if (!existing) return existing.error();
  StoreOutcome outcome;
  if (!existing->has_value()) {
    auto saved = store.save_incident(IncidentWrite{*fresh, 0, {}});
    if (!saved) return saved.error();
    outcome.action = StoreAction::kCreated;
    outcome.incident_id = fresh->id;
    outcome.added_updates = fresh->updates.size();
    return outcome;
  }
  Incident stored = std::move(**existing);
  outcome.incident_id = stored.id;
  std::int64_t version = stored.version;
  if (!merge(stored, *fresh, outcome.added_updates)) return outcome;
  stored.updated_at = now;
  auto saved = store.save_incident(IncidentWrite{stored, version, {}});
  if (!saved) return saved.error();
  outcome.action = StoreAction::kUpdated;
  return outcome;
}

}  // namespace pharos::importer
