#include "vendor/changes.h"

#include <algorithm>

#include "importer/import_store.h"

namespace pharos::vendor {
namespace {

bool same_update(const IncidentUpdate& a, const IncidentUpdate& b) {
  return a.status == b.status && a.display_at == b.display_at && a.body == b.body;
}

// True when `fresh`'s latest update is not older than the stored one's: only then may it replace
// status, resolution and the rest.
bool is_fresher(const Incident& stored, const Incident& fresh) {
  if (stored.updates.empty() || fresh.updates.empty()) return true;
  return fresh.updates.back().display_at >= stored.updates.back().display_at;
}

size_t append_new_updates(Incident& stored, const Incident& fresh) {
  size_t added = 0;
  for (const auto& u : fresh.updates) {
    bool known = std::any_of(stored.updates.begin(), stored.updates.end(),
                             [&](const IncidentUpdate& s) { return same_update(s, u); });
    if (!known) {
      stored.updates.push_back(u);
      ++added;
    }
  }
  std::stable_sort(stored.updates.begin(), stored.updates.end(),
                   [](const IncidentUpdate& a, const IncidentUpdate& b) {
                     return a.display_at < b.display_at;
                   });
  return added;
}

// Copies the vendor's newer facts onto `stored`; detected_at and ids stay. True when anything
// changed.
bool merge(Incident& stored, const Incident& fresh, size_t& added) {
  added = append_new_updates(stored, fresh);
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
  auto body = [](const Incident& i) {
    return i.postmortem ? std::optional(i.postmortem->body) : std::nullopt;
  };
  if (body(stored) != body(fresh)) {
    stored.postmortem = fresh.postmortem;
    changed = true;
  }
  return changed;
}

Result<Incident> to_vendor_incident(const VendorSpec& spec, const importer::ImportedIncident& in,
                                    Instant now) {
  auto fresh = importer::to_domain(in, now);
  if (!fresh) return fresh.error();
  fresh->source = IncidentSource::kVendor;
  fresh->controller = Controller::kHuman;
  fresh->vendor = spec.slug;
  fresh->fingerprint = vendor_fingerprint(spec.slug, vendor_incident_key(in));
  fresh->detected_at = now;
  for (auto& u : fresh->updates) u.author = "vendor:" + spec.slug;
  return fresh;
}

}  // namespace

std::string vendor_incident_key(const importer::ImportedIncident& in) {
  if (in.source_url && !in.source_url->empty()) {
    const std::string& url = *in.source_url;
    auto at = url.find("/incidents/");
    if (at != std::string::npos) {
      std::string id = url.substr(at + 11);
      id = id.substr(0, id.find_first_of("/?#"));
      if (!id.empty()) return id;
    }
    return url;
  }
  return importer::stored_title(in) + "|" +
         (in.started_at ? format_iso_utc(*in.started_at) : std::string());
}

std::string vendor_fingerprint(const std::string& slug, const std::string& key) {
  return "vendor:" + slug + ":" + key;
}

bool matters(const VendorSpec& spec, const importer::ImportedIncident& in) {
  if (spec.components.empty() || in.components.empty()) return true;
  return std::any_of(in.components.begin(), in.components.end(), [&](const std::string& c) {
    return std::find(spec.components.begin(), spec.components.end(), c) != spec.components.end();
  });
}

Result<ChangeSummary> record_incidents(Store& store, const VendorSpec& spec,
                                       const std::vector<importer::ImportedIncident>& incidents,
                                       Instant now) {
  ChangeSummary summary;
  for (const auto& in : incidents) {
    if (!matters(spec, in)) {
      ++summary.ignored;
      continue;
    }
    auto fresh = to_vendor_incident(spec, in, now);
    if (!fresh) return fresh.error();
    auto existing = store.find_incident_by_fingerprint(fresh->fingerprint);
    if (!existing) return existing.error();
    if (!existing->has_value()) {
      PHAROS_TRY(store.save_incident(IncidentWrite{*fresh, 0, {}}));
      ++summary.created;
      summary.added_updates += fresh->updates.size();
      continue;
    }
    Incident stored = std::move(**existing);
    std::int64_t version = stored.version;
    size_t added = 0;
    if (!merge(stored, *fresh, added)) {
      ++summary.unchanged;
      continue;
    }
    stored.updated_at = now;
    PHAROS_TRY(store.save_incident(IncidentWrite{stored, version, {}}));
    ++summary.updated;
    summary.added_updates += added;
  }
  return summary;
}

}  // namespace pharos::vendor
