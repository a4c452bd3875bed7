#include "importer/to_domain.h"

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

}  // namespace pharos::importer
