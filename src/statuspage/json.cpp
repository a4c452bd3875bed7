#include "statuspage/json.h"

namespace pharos::statuspage {
namespace {

namespace json = boost::json;

// Statuspage's post-mortem fields: the body (draft or published), when it was last saved and
// when it was published (null while a draft). `at` writes a time in the form's style.
template <typename TimeWriter>
void put_postmortem(json::object& o, const std::optional<Postmortem>& pm, TimeWriter at) {
  o["postmortem_body"] = pm ? json::value(pm->body) : json::value(nullptr);
  o["postmortem_body_last_updated_at"] = at(pm ? std::optional(pm->updated_at) : std::nullopt);
  o["postmortem_published_at"] = at(pm ? pm->published_at : std::nullopt);
}

json::value impact_override(const Incident& i) {
  return i.impact_override ? json::value(to_string(*i.impact_override)) : json::value(nullptr);
}

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

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
  o["impact_override"] = impact_override(i);
  o["monitoring_at"] = time_or_null(i.monitoring_at);
  o["resolved_at"] = time_or_null(i.resolved_at);
  o["scheduled_for"] = time_or_null(i.scheduled_for);
  o["scheduled_until"] = time_or_null(i.scheduled_until);
  put_postmortem(o, i.postmortem,
                 [](const std::optional<Instant>& at) { return time_or_null(at); });
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
  o["group_id"] = text_or_null(c.group_id);
  return o;
}

// ---- The public forms: every field computed once, each form a list of them in its order ----

namespace {

// Each form's fields in Statuspage's own order (its docs' examples, FORMATS.md), as
// space-separated names.
constexpr std::string_view kApiIncidentFields =
    "id name status created_at updated_at monitoring_at resolved_at impact shortlink started_at "
    "page_id incident_updates components";
constexpr std::string_view kApiMaintenanceFields =
    "id name status created_at updated_at monitoring_at resolved_at impact shortlink started_at "
    "page_id scheduled_for scheduled_until incident_updates components";
constexpr std::string_view kWebhookIncidentFields =
    "name status created_at updated_at monitoring_at resolved_at impact shortlink "
    "postmortem_ignored postmortem_body postmortem_body_last_updated_at postmortem_published_at "
    "postmortem_notified_subscribers postmortem_notified_twitter backfilled scheduled_for "
    "scheduled_until scheduled_remind_prior scheduled_reminded_at impact_override "
    "scheduled_auto_in_progress scheduled_auto_completed id page_id incident_updates components "
    "started_at";
constexpr std::string_view kApiUpdateFields =
    "id status body incident_id created_at updated_at display_at affected_components "
    "deliver_notifications custom_tweet tweet_id";
constexpr std::string_view kWebhookUpdateFields =
    "id status body incident_id created_at updated_at display_at affected_components "
    "deliver_notifications custom_tweet tweet_id wants_twitter_update twitter_updated_at";
constexpr std::string_view kApiComponentFields =
    "id name status created_at updated_at position description showcase start_date group_id "
    "page_id group only_show_if_degraded";
constexpr std::string_view kWebhookComponentFields =
    "status name created_at updated_at position description showcase id page_id group_id";

// `all`'s fields named by `fields` (space-separated), in that order.
json::object in_order(json::object all, std::string_view fields) {
  json::object out;
  while (!fields.empty()) {
    auto end = fields.find(' ');
    auto field = fields.substr(0, end);
    out[field] = std::move(all.at(field));
    fields.remove_prefix(end == std::string_view::npos ? fields.size() : end + 1);
  }
  return out;
}

std::string_view trimmed(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return url;
}

json::value affected_components(const IncidentUpdate& u, const PublicPage& page) {
  if (u.component_changes.empty()) return nullptr;
  json::array out;
  for (const auto& change : u.component_changes) {
    out.push_back(json::object{
        {"code", change.component_id},
        {"name", qualified_component_name(page.components, page.groups, change.component_id)},
        {"old_status", to_string(change.old_status)},
        {"new_status", to_string(change.new_status)}});
  }
  return out;
}

json::object public_update_json(const Incident& i, const IncidentUpdate& u, const PublicPage& page,
                                PublicForm form) {
  json::object all{{"id", u.id},
                   {"status", to_string(u.status)},
                   {"body", u.body},
                   {"incident_id", i.id},
                   {"created_at", format_iso_in_zone(u.created_at, page.zone)},
                   {"updated_at", format_iso_in_zone(u.updated_at, page.zone)},
                   {"display_at", format_iso_in_zone(u.display_at, page.zone)},
                   {"affected_components", affected_components(u, page)},
                   {"deliver_notifications", u.deliver_notifications},
                   {"custom_tweet", nullptr},
                   {"tweet_id", nullptr},
                   {"wants_twitter_update", false},
                   {"twitter_updated_at", nullptr}};
  if (form == PublicForm::kApi) return in_order(std::move(all), kApiUpdateFields);
  return in_order(std::move(all), kWebhookUpdateFields);
}

std::string_view incident_fields(const Incident& i, PublicForm form) {
  if (form == PublicForm::kWebhook) return kWebhookIncidentFields;
  if (i.is_maintenance()) return kApiMaintenanceFields;
  return kApiIncidentFields;
}

}  // namespace

json::object public_incident_json(const Incident& i, const PublicPage& page, PublicForm form) {
  auto at = [&page](const std::optional<Instant>& t) { return time_or_null(t, page.zone); };
  json::object all{{"id", i.id},
                   {"name", i.name},
                   {"status", to_string(i.status)},
                   {"created_at", at(i.created_at)},
                   {"updated_at", at(i.updated_at)},
                   {"monitoring_at", at(i.monitoring_at)},
                   {"resolved_at", at(i.resolved_at)},
                   {"impact", to_string(i.impact)},
                   {"shortlink", incident_shortlink(page.url, i)},
                   {"started_at", at(i.started_at)},
                   {"page_id", page.id},
                   {"scheduled_for", at(i.scheduled_for)},
                   {"scheduled_until", at(i.scheduled_until)}};
  put_postmortem(all, i.postmortem, at);
  // Pharos never ignores a post-mortem nor tweets; subscribers hear of it when it is published.
  bool published = i.postmortem && i.postmortem->published_at;
  all["postmortem_ignored"] = false;
  all["postmortem_notified_subscribers"] = published;
  all["postmortem_notified_twitter"] = false;
  all["backfilled"] = i.source == IncidentSource::kImported;
  all["scheduled_remind_prior"] = false;
  all["scheduled_reminded_at"] = nullptr;
  all["impact_override"] = impact_override(i);
  all["scheduled_auto_in_progress"] = i.is_maintenance() && i.auto_transition;
  all["scheduled_auto_completed"] = i.is_maintenance() && i.auto_transition;
  json::array updates;
  for (auto it = i.updates.rbegin(); it != i.updates.rend(); ++it) {
    updates.push_back(public_update_json(i, *it, page, form));
  }
  all["incident_updates"] = std::move(updates);
  json::array components;
  for (const auto& id : i.component_ids) {
    for (const auto& c : page.components) {
      if (c.id == id) components.push_back(public_component_json(c, page, form, c.position));
    }
  }
  all["components"] = std::move(components);
  return in_order(std::move(all), incident_fields(i, form));
}

json::object public_component_json(const Component& c, const PublicPage& page, PublicForm form,
                                   int position) {
  json::object all{{"id", c.id},
                   {"name", c.name},
                   {"status", to_string(c.status)},
                   {"created_at", format_iso_in_zone(c.created_at, page.zone)},
                   {"updated_at", format_iso_in_zone(c.updated_at, page.zone)},
                   {"position", position},
                   {"description", text_or_null(c.description)},
                   {"showcase", c.showcase},
                   // Statuspage's field: the day the component began being tracked (here: added
                   // to Pharos), in the page's zone. Uptime before it is "no data".
                   {"start_date", format_date_in_zone(c.created_at, page.zone)},
                   {"group_id", text_or_null(c.group_id)},
                   {"page_id", page.id},
                   {"group", false},
                   {"only_show_if_degraded", c.only_show_if_degraded}};
  if (form == PublicForm::kApi) return in_order(std::move(all), kApiComponentFields);
  return in_order(std::move(all), kWebhookComponentFields);
}

std::string incident_shortlink(std::string_view page_url, const Incident& incident) {
  std::string link(trimmed(page_url));
  if (incident.source == IncidentSource::kVendor) link += "/vendors/" + incident.vendor;
  return link + "/incidents/" + incident.id;
}

std::string qualified_component_name(const std::vector<Component>& components,
                                     const std::vector<ComponentGroup>& groups,
                                     const std::string& component_id) {
  for (const auto& c : components) {
    if (c.id != component_id) continue;
    for (const auto& g : groups) {
      if (g.id == c.group_id) return g.name + " - " + c.name;
    }
    return c.name;
  }
  return component_id;
}

}  // namespace pharos::statuspage
