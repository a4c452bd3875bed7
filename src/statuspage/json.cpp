#include "statuspage/json.h"

namespace pharos::statuspage {
namespace {

namespace json = boost::json;

json::object update_view(const IncidentUpdate& u) {
  json::array affected;
  for (const auto& c : u.component_changes) {
    affected.push_back(json::object{{"code", c.component_id},
                                    {"old_status", to_string(c.old_status)},
                                    {"new_status", to_string(c.new_status)}});
  }
  return {{"id", u.id},
          {"status", to_string(u.status)},
          {"body", u.body},
          {"created_at", format_iso_utc(u.created_at)},
          {"updated_at", format_iso_utc(u.updated_at)},
          {"display_at", format_iso_utc(u.display_at)},
          {"deliver_notifications", u.deliver_notifications},
          {"reopened", u.reopened},
          {"author", u.author},
          {"affected_components", std::move(affected)}};
}

}  // namespace

json::value time_or_null(const std::optional<Instant>& at) {
  return at ? json::value(format_iso_utc(*at)) : json::value(nullptr);
}

json::value time_or_null(const std::optional<Instant>& at, const TimeZone& zone) {
  return at ? json::value(format_iso_in_zone(*at, zone)) : json::value(nullptr);
}

json::object incident_json(const Incident& i) {
  json::array components;
  for (const auto& id : i.component_ids) components.emplace_back(id);
  json::array updates;
  for (auto it = i.updates.rbegin(); it != i.updates.rend(); ++it) {
    updates.push_back(update_view(*it));
  }
  json::object o{{"id", i.id},
                 {"kind", to_string(i.kind)},
                 {"name", i.name},
                 {"status", to_string(i.status)},
                 {"impact", to_string(i.impact)},
                 {"created_at", format_iso_utc(i.created_at)},
                 {"updated_at", format_iso_utc(i.updated_at)},
                 {"started_at", format_iso_utc(i.started_at)},
                 {"source", to_string(i.source)},
                 {"reopen_count", i.reopen_count},
                 {"version", i.version},
                 {"component_ids", std::move(components)},
                 {"incident_updates", std::move(updates)}};
  o["impact_override"] =
      i.impact_override ? json::value(to_string(*i.impact_override)) : json::value(nullptr);
  o["monitoring_at"] = time_or_null(i.monitoring_at);
  o["resolved_at"] = time_or_null(i.resolved_at);
  o["scheduled_for"] = time_or_null(i.scheduled_for);
  o["scheduled_until"] = time_or_null(i.scheduled_until);
  // Statuspage's post-mortem fields: the body (draft or published), when it was last saved and
  // when it was published (null while a draft).
  const auto& pm = i.postmortem;
  o["postmortem_body"] = pm ? json::value(pm->body) : json::value(nullptr);
  o["postmortem_body_last_updated_at"] =
      pm ? json::value(format_iso_utc(pm->updated_at)) : json::value(nullptr);
  o["postmortem_published_at"] = time_or_null(pm ? pm->published_at : std::nullopt);
  // Vendor incidents that probably explain this one (issue 9). Not in the public v2 API, which
  // stays exactly Statuspage-shaped.
  json::array causes;
  for (const auto& c : i.probable_causes) {
    causes.push_back(json::object{{"incident_id", c.incident_id},
                                  {"reason", c.reason},
                                  {"linked_at", format_iso_utc(c.linked_at)},
                                  {"linked_by", c.linked_by}});
  }
  o["probable_causes"] = std::move(causes);
  return o;
}

json::object component_json(const Component& c) {
  json::object o{{"id", c.id},
                 {"name", c.name},
                 {"description", c.description},
                 {"position", c.position},
                 {"status", to_string(c.status)},
                 {"automatic", c.status_source == StatusSource::kAutomatic},
                 {"showcase", c.showcase},
                 {"only_show_if_degraded", c.only_show_if_degraded},
                 {"created_at", format_iso_utc(c.created_at)},
                 {"updated_at", format_iso_utc(c.updated_at)}};
  o["group_id"] = c.group_id.empty() ? json::value(nullptr) : json::value(c.group_id);
  return o;
}

}  // namespace pharos::statuspage
