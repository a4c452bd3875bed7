#include "vendor_status/changes.h"

#include <algorithm>

#include "core/ids.h"
#include "domain/lifecycle.h"
#include "importer/to_domain.h"
#include "incident/external_incident.h"

namespace pharos::vendor_status {
namespace {

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

bool lists_only_open(const VendorSpec& spec) { return spec.format == VendorFormat::kInstatus; }

// The vendor's open incidents Pharos stored, all of them.
IncidentQuery open_incidents_of(const VendorSpec& spec) {
  IncidentQuery query;
  query.state = IncidentQuery::State::kOpen;
  query.source = IncidentSource::kVendor;
  query.vendor = spec.slug;
  query.limit = 10000;
  return query;
}

// For a format that lists only open incidents: the vendor's open incidents Pharos stored (not its
// own component incidents) that the document no longer lists have ended; resolved now, once (a
// resolved one is not open any more, so a later poll or a restart leaves it be).
Result<void> resolve_unlisted(Store& store, const VendorSpec& spec,
                              const std::vector<std::string>& listed, Instant now,
                              ChangeSummary& summary) {
  IncidentQuery query = open_incidents_of(spec);
  query.kind = IncidentKind::kIncident;
  auto open = store.list_incidents(query);
  if (!open) return open.error();
  const std::string ours = vendor_fingerprint(spec.slug, "component:");
  for (Incident& i : *open) {
    if (i.fingerprint.rfind(ours, 0) == 0) continue;
    if (std::find(listed.begin(), listed.end(), i.fingerprint) != listed.end()) continue;
    std::int64_t version = i.version;
    IncidentUpdate u;
    u.id = new_id();
    u.status = IncidentStatus::kResolved;
    u.body = "No longer listed by the vendor: resolved as noticed by Pharos.";
    u.created_at = u.updated_at = u.display_at = now;
    u.deliver_notifications = false;
    u.author = "vendor:" + spec.slug;
    i.updates.push_back(std::move(u));
    i.status = IncidentStatus::kResolved;
    i.resolved_at = now;
    i.updated_at = now;
    PHAROS_TRY(store.save_incident(IncidentWrite{i, version, {}}));
    ++summary.updated;
    ++summary.added_updates;
  }
  return Ok();
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
  std::vector<std::string> listed;  // fingerprints the document holds
  for (const auto& in : incidents) {
    listed.push_back(vendor_fingerprint(spec.slug, vendor_incident_key(in)));
    if (!matters(spec, in)) {
      ++summary.ignored;
      continue;
    }
    auto fresh = to_vendor_incident(spec, in, now);
    if (!fresh) return fresh.error();
    ExternalMerge rule{.timeless_updates = lists_only_open(spec), .keep_detected_at = true};
    auto outcome = record_external_incident(store, *fresh, rule, now);
    if (!outcome) return outcome.error();
    summary.added_updates += outcome->added_updates;
    switch (outcome->action) {
      case RecordAction::kCreated:
        ++summary.created;
        break;
      case RecordAction::kUpdated:
        ++summary.updated;
        break;
      case RecordAction::kUnchanged:
        ++summary.unchanged;
        break;
    }
  }
  if (lists_only_open(spec)) PHAROS_TRY(resolve_unlisted(store, spec, listed, now, summary));
  return summary;
}

namespace {

bool is_down(ComponentStatus s) {
  return s == ComponentStatus::kDegradedPerformance || s == ComponentStatus::kPartialOutage ||
         s == ComponentStatus::kMajorOutage;
}

std::string status_words(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::kDegradedPerformance:
      return "degraded performance";
    case ComponentStatus::kPartialOutage:
      return "partial outage";
    case ComponentStatus::kMajorOutage:
      return "major outage";
    default:
      return "operational";
  }
}

IncidentUpdate component_update(const VendorSpec& spec, IncidentStatus status, std::string body,
                                Instant now) {
  IncidentUpdate u;
  u.id = new_id();
  u.status = status;
  u.body = std::move(body);
  u.created_at = u.updated_at = u.display_at = now;
  u.author = "vendor:" + spec.slug;
  return u;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Appends `update`, sets what it says, and saves at the version read.
Result<void> save_with(Store& store, Incident incident, IncidentUpdate update, Instant now) {
  std::int64_t version = incident.version;
  incident.status = update.status;
  if (update.status == IncidentStatus::kResolved) incident.resolved_at = now;
  incident.updates.push_back(std::move(update));
  incident.updated_at = now;
  PHAROS_TRY(store.save_incident(IncidentWrite{incident, version, {}}));
  return {};
}

}  // namespace

std::string component_fingerprint_prefix(const std::string& slug, const std::string& component) {
  return vendor_fingerprint(slug, "component:" + component + ":");
}

Result<ChangeSummary> record_component_incidents(
    Store& store, const VendorSpec& spec, const std::vector<VendorComponentStatus>& components,
    Instant now) {
  ChangeSummary summary;
  auto open = store.list_incidents(open_incidents_of(spec));
  if (!open) return open.error();
  const std::string synthetic_prefix = vendor_fingerprint(spec.slug, "component:");
  auto listed = [&](const std::string& name) {
    return spec.components.empty() ||
           std::find(spec.components.begin(), spec.components.end(), name) != spec.components.end();
  };
  std::vector<const Incident*> handled;  // synthetic incidents of a component still listed
  for (const auto& c : components) {
    if (!listed(c.name)) {
      ++summary.ignored;
      continue;
    }
    const std::string prefix = component_fingerprint_prefix(spec.slug, c.name);
    const Incident* ours = nullptr;
    bool vendor_says_it = false;
    for (const auto& i : *open) {
      if (starts_with(i.fingerprint, prefix)) {
        ours = &i;
      } else if (!starts_with(i.fingerprint, synthetic_prefix) &&
                 std::find(i.external_components.begin(), i.external_components.end(), c.name) !=
                     i.external_components.end()) {
        vendor_says_it = true;
      }
    }
    if (ours) handled.push_back(ours);
    const std::string name = c.name + ": " + status_words(c.status);
    if (!is_down(c.status)) {
      if (!ours) continue;
      PHAROS_TRY(save_with(
          store, *ours,
          component_update(
              spec, IncidentStatus::kResolved,
              "The vendor shows " + c.name + " as " + status_words(c.status) + " again.", now),
          now));
      ++summary.updated;
      ++summary.added_updates;
      continue;
    }
    if (ours) {
      if (ours->name == name) {
        ++summary.unchanged;
        continue;
      }
      Incident changed = *ours;
      changed.name = name;
      changed.impact = impact_for(c.status);
      PHAROS_TRY(save_with(
          store, changed,
          component_update(spec, IncidentStatus::kIdentified,
                           "The vendor now shows " + c.name + " as " + status_words(c.status) + ".",
                           now),
          now));
      ++summary.updated;
      ++summary.added_updates;
      continue;
    }
    if (vendor_says_it) {
      ++summary.unchanged;
      continue;
    }
    Incident fresh;
    fresh.id = new_id();
    fresh.kind = IncidentKind::kIncident;
    fresh.name = name;
    fresh.status = IncidentStatus::kInvestigating;
    fresh.impact = impact_for(c.status);
    fresh.created_at = fresh.updated_at = now;
    // The vendor's own time for the status when it has one and it is not ahead of us.
    fresh.started_at =
        c.vendor_updated_at && *c.vendor_updated_at <= now ? *c.vendor_updated_at : now;
    fresh.detected_at = now;
    fresh.external_components = {c.name};
    fresh.source = IncidentSource::kVendor;
    fresh.controller = Controller::kHuman;
    fresh.vendor = spec.slug;
    fresh.fingerprint =
        prefix +
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    fresh.updates.push_back(
        component_update(spec, IncidentStatus::kInvestigating,
                         "The vendor shows " + c.name + " as " + status_words(c.status) +
                             " without an incident about it; recorded by Pharos.",
                         now));
    PHAROS_TRY(store.save_incident(IncidentWrite{fresh, 0, {}}));
    ++summary.created;
    ++summary.added_updates;
  }
  // Ours whose component is gone from the list: nothing will ever resolve them otherwise.
  for (const auto& i : *open) {
    if (!starts_with(i.fingerprint, synthetic_prefix)) continue;
    if (std::find(handled.begin(), handled.end(), &i) != handled.end()) continue;
    PHAROS_TRY(save_with(
        store, i,
        component_update(spec, IncidentStatus::kResolved,
                         "The component is no longer listed by the vendor or watched here.", now),
        now));
    ++summary.updated;
    ++summary.added_updates;
  }
  return summary;
}

}  // namespace pharos::vendor_status
