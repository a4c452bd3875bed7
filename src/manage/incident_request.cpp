#include "manage/incident_request.h"

#include <boost/json.hpp>
#include <charconv>
#include <set>

#include "core/ids.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;

// The root object of a body: {"<root>": {...}}.
Result<json::object> root_object(std::string_view body, const std::string& root,
                                 bool optional = false) {
  if (optional && body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return json::object{};
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return Error::invalid("the body is not valid JSON: " + ec.message(), "body");
  if (!v.is_object()) return Error::invalid("the body must be a JSON object", "body");
  auto& top = v.as_object();
  for (const auto& [key, _] : top) {
    if (key != root) return Error::invalid("unknown field; expected \"" + root + "\"", key);
  }
  auto it = top.find(root);
  if (it == top.end()) {
    if (optional) return json::object{};
    return Error::invalid("required", root);
  }
  if (!it->value().is_object()) return Error::invalid("must be an object", root);
  return it->value().as_object();
}

Result<void> only_known(const json::object& o, const std::string& root,
                        const std::set<std::string_view>& known) {
  for (const auto& [key, _] : o) {
    if (!known.count(key)) {
      return Error::invalid("unknown field", root + "." + std::string(key));
    }
  }
  return Ok();
}

// Reads o[key] when present with the type and parse function given.
class Fields {
 public:
  Fields(const json::object& o, std::string root) : o_(o), root_(std::move(root)) {}
  std::string path(std::string_view key) const { return root_ + "." + std::string(key); }
  const json::value* get(std::string_view key) const { return o_.if_contains(key); }

  Result<std::optional<std::string>> text(std::string_view key, std::size_t max) const {
    const json::value* v = get(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return Error::invalid("must be a string", path(key));
    std::string s(v->as_string());
    if (s.size() > max) {
      return Error::invalid("at most " + std::to_string(max) + " characters", path(key));
    }
    return std::optional<std::string>(std::move(s));
  }
  Result<std::optional<bool>> flag(std::string_view key) const {
    const json::value* v = get(key);
    if (!v || v->is_null()) return std::optional<bool>();
    if (!v->is_bool()) return Error::invalid("must be true or false", path(key));
    return std::optional<bool>(v->as_bool());
  }
  template <typename T, typename Parse>
  Result<std::optional<T>> choice(std::string_view key, Parse parse, std::string_view names) const {
    auto s = text(key, 64);
    if (!s) return s.error();
    if (!*s) return std::optional<T>();
    auto parsed = parse(**s);
    if (!parsed) return Error::invalid("use one of " + std::string(names), path(key));
    return std::optional<T>(*parsed);
  }
  Result<std::optional<Instant>> instant(std::string_view key) const {
    auto s = text(key, 64);
    if (!s) return s.error();
    if (!*s) return std::optional<Instant>();
    auto at = parse_iso8601(**s);
    if (!at) return Error::invalid("use an ISO-8601 time like 2026-05-01T10:00:00Z", path(key));
    return std::optional<Instant>(*at);
  }
  Result<ComponentStatusChanges> components() const {
    ComponentStatusChanges out;
    const json::value* v = get("components");
    if (!v || v->is_null()) return out;
    if (!v->is_object())
      return Error::invalid("must be an object {component_id: status}", path("components"));
    for (const auto& [id, status] : v->as_object()) {
      std::string field = path("components") + "." + std::string(id);
      if (!is_valid_id(id)) return Error::invalid("not a component id", field);
      auto parsed = status.is_string() ? parse_component_status(status.as_string()) : std::nullopt;
      if (!parsed)
        return Error::invalid("use one of " + std::string(component_status_names()), field);
      out.emplace_back(std::string(id), *parsed);
    }
    return out;
  }
  Result<std::vector<std::string>> ids(std::string_view key) const {
    std::vector<std::string> out;
    const json::value* v = get(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) return Error::invalid("must be an array of ids", path(key));
    for (const auto& item : v->as_array()) {
      if (!item.is_string() || !is_valid_id(item.as_string())) {
        return Error::invalid("must be an array of component ids", path(key));
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }

 private:
  const json::object& o_;
  std::string root_;
};

const std::set<std::string_view> kUpdateFields{"status", "body", "impact_override", "components",
                                               "deliver_notifications"};

Result<UpdateRequest> update_from(const json::object& o) {
  PHAROS_TRY(only_known(o, "incident", kUpdateFields));
  Fields f(o, "incident");
  UpdateRequest r;
  PHAROS_ASSIGN(r.status,
                f.choice<IncidentStatus>("status", parse_incident_status, incident_status_names()));
  std::optional<std::string> body;
  PHAROS_ASSIGN(body, f.text("body", kMaxBodyLength));
  r.body = body.value_or("");
  PHAROS_ASSIGN(r.impact, f.choice<Impact>("impact_override", parse_impact, impact_names()));
  PHAROS_ASSIGN(r.component_statuses, f.components());
  std::optional<bool> notify;
  PHAROS_ASSIGN(notify, f.flag("deliver_notifications"));
  r.deliver_notifications = notify.value_or(true);
  return r;
}

}  // namespace

Result<NewIncident> parse_new_incident(std::string_view body, IncidentKind kind) {
  auto root = root_object(body, "incident");
  if (!root) return root.error();
  bool maintenance = kind == IncidentKind::kMaintenance;
  std::set<std::string_view> known{"name",       "status",        "impact_override",      "body",
                                   "components", "component_ids", "deliver_notifications"};
  if (maintenance) known.insert({"scheduled_for", "scheduled_until", "scheduled_auto_transition"});
  // Statuspage clients may send "backfilled": false for a live incident (true is parse_backfill's).
  if (!maintenance) known.insert("backfilled");
  PHAROS_TRY(only_known(*root, "incident", known));
  Fields f(*root, "incident");
  NewIncident r;
  r.kind = kind;
  std::optional<std::string> name;
  PHAROS_ASSIGN(name, f.text("name", kMaxNameLength));
  if (!name || name->find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("required", "incident.name");
  }
  r.name = *name;
  PHAROS_ASSIGN(r.status,
                f.choice<IncidentStatus>("status", parse_incident_status, incident_status_names()));
  PHAROS_ASSIGN(r.impact, f.choice<Impact>("impact_override", parse_impact, impact_names()));
  std::optional<std::string> text;
  PHAROS_ASSIGN(text, f.text("body", kMaxBodyLength));
  r.body = text.value_or("");
  PHAROS_ASSIGN(r.component_statuses, f.components());
  PHAROS_ASSIGN(r.component_ids, f.ids("component_ids"));
  std::optional<bool> flag;
  PHAROS_ASSIGN(flag, f.flag("deliver_notifications"));
  r.deliver_notifications = flag.value_or(true);
  if (maintenance) {
    PHAROS_ASSIGN(r.scheduled_for, f.instant("scheduled_for"));
    PHAROS_ASSIGN(r.scheduled_until, f.instant("scheduled_until"));
    if (!r.scheduled_for) return Error::invalid("required", "incident.scheduled_for");
    if (!r.scheduled_until) return Error::invalid("required", "incident.scheduled_until");
    if (*r.scheduled_until <= *r.scheduled_for) {
      return Error::invalid("must be after scheduled_for", "incident.scheduled_until");
    }
    PHAROS_ASSIGN(flag, f.flag("scheduled_auto_transition"));
    r.auto_transition = flag.value_or(true);
  }
  return r;
}

Result<std::vector<IncidentService::BackfillEntry>> backfill_entries(const json::value& v) {
  const std::string field = "incident.incident_updates";
  if (!v.is_array()) return Error::invalid("must be an array of updates", field);
  std::vector<IncidentService::BackfillEntry> out;
  for (std::size_t n = 0; n < v.as_array().size(); ++n) {
    const json::value& item = v.as_array()[n];
    std::string at = field + "." + std::to_string(n);
    if (!item.is_object()) return Error::invalid("must be an object", at);
    PHAROS_TRY(only_known(item.as_object(), at, {"status", "body", "display_at"}));
    Fields f(item.as_object(), at);
    IncidentService::BackfillEntry entry;
    std::optional<IncidentStatus> status;
    PHAROS_ASSIGN(status, f.choice<IncidentStatus>("status", parse_incident_status,
                                                   "investigating, "
                                                   "identified, monitoring, resolved"));
    if (!status) return Error::invalid("required", at + ".status");
    entry.status = *status;
    std::optional<std::string> text;
    PHAROS_ASSIGN(text, f.text("body", kMaxBodyLength));
    entry.body = text.value_or("");
    std::optional<Instant> display_at;
    PHAROS_ASSIGN(display_at, f.instant("display_at"));
    if (!display_at) return Error::invalid("required", at + ".display_at");
    entry.display_at = *display_at;
    out.push_back(std::move(entry));
  }
  return out;
}

Result<std::optional<IncidentService::Backfill>> parse_backfill(std::string_view body) {
  using Out = std::optional<IncidentService::Backfill>;
  auto root = root_object(body, "incident");
  if (!root) return Out();  // not a backfill; parse_new_incident reports the problem
  const json::value* flag = root->if_contains("backfilled");
  if (!flag || (flag->is_bool() && !flag->as_bool())) return Out();
  PHAROS_TRY(only_known(
      *root, "incident",
      {"name", "backfilled", "backfill_date", "body", "incident_updates", "impact_override",
       "component_ids", "components", "status", "deliver_notifications"}));
  Fields f(*root, "incident");
  std::optional<bool> yes;
  PHAROS_ASSIGN(yes, f.flag("backfilled"));
  if (root->contains("components")) {
    return Error::invalid("a backfilled incident changes no component status; use component_ids",
                          "incident.components");
  }
  if (root->contains("status")) {
    return Error::invalid(
        "a backfilled incident is resolved; give incident_updates for its "
        "timeline",
        "incident.status");
  }
  std::optional<bool> notify;
  PHAROS_ASSIGN(notify, f.flag("deliver_notifications"));
  if (notify.value_or(false)) {
    return Error::invalid("a backfilled incident notifies nobody",
                          "incident.deliver_notifications");
  }
  IncidentService::Backfill r;
  std::optional<std::string> name;
  PHAROS_ASSIGN(name, f.text("name", kMaxNameLength));
  if (!name || name->find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("required", "incident.name");
  }
  r.name = *name;
  std::optional<Instant> date;
  PHAROS_ASSIGN(date, f.instant("backfill_date"));
  if (!date) return Error::invalid("required", "incident.backfill_date");
  r.started_at = *date;
  PHAROS_ASSIGN(r.impact, f.choice<Impact>("impact_override", parse_impact, impact_names()));
  PHAROS_ASSIGN(r.component_ids, f.ids("component_ids"));
  std::optional<std::string> text;
  PHAROS_ASSIGN(text, f.text("body", kMaxBodyLength));
  if (const json::value* updates = root->if_contains("incident_updates")) {
    if (text) return Error::invalid("give body or incident_updates, not both", "incident.body");
    PHAROS_ASSIGN(r.updates, backfill_entries(*updates));
  } else {
    r.updates.push_back({.status = IncidentStatus::kResolved,
                         .body = text.value_or("This incident has been resolved."),
                         .display_at = *date});
  }
  return Out(std::move(r));
}

Result<UpdateRequest> parse_incident_update(std::string_view body) {
  auto root = root_object(body, "incident");
  if (!root) return root.error();
  return update_from(*root);
}

Result<UpdateRequest> parse_reopen(std::string_view body) {
  auto root = root_object(body, "incident", true);
  if (!root) return root.error();
  auto r = update_from(*root);
  if (r && !r->status) r->status = IncidentStatus::kInvestigating;
  return r;
}

Result<std::string> parse_resolve_body(std::string_view body) {
  auto root = root_object(body, "incident", true);
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "incident", {"body"}));
  std::optional<std::string> text;
  PHAROS_ASSIGN(text, Fields(*root, "incident").text("body", kMaxBodyLength));
  return text.value_or("");
}

Result<IncidentService::Reschedule> parse_reschedule(std::string_view body) {
  auto root = root_object(body, "incident");
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "incident",
                        {"scheduled_for", "scheduled_until", "body", "deliver_notifications"}));
  Fields f(*root, "incident");
  std::optional<Instant> from, until;
  PHAROS_ASSIGN(from, f.instant("scheduled_for"));
  PHAROS_ASSIGN(until, f.instant("scheduled_until"));
  if (!from) return Error::invalid("required", "incident.scheduled_for");
  if (!until) return Error::invalid("required", "incident.scheduled_until");
  std::optional<std::string> text;
  PHAROS_ASSIGN(text, f.text("body", kMaxBodyLength));
  std::optional<bool> notify;
  PHAROS_ASSIGN(notify, f.flag("deliver_notifications"));
  return IncidentService::Reschedule{.scheduled_for = *from,
                                     .scheduled_until = *until,
                                     .body = text.value_or(""),
                                     .author = "",
                                     .notify = notify.value_or(true)};
}

Result<std::optional<ComponentStatus>> parse_component_patch(std::string_view body) {
  auto root = root_object(body, "component");
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "component", {"status"}));
  Fields f(*root, "component");
  std::optional<std::string> status;
  PHAROS_ASSIGN(status, f.text("status", 64));
  if (!status) return Error::invalid("required", "component.status");
  if (*status == "auto") return std::optional<ComponentStatus>();
  auto parsed = parse_component_status(*status);
  if (!parsed) {
    return Error::invalid("use auto or one of " + std::string(component_status_names()),
                          "component.status");
  }
  return std::optional<ComponentStatus>(*parsed);
}

Result<std::string> parse_postmortem_draft(std::string_view body) {
  auto root = root_object(body, "postmortem");
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "postmortem", {"body_draft"}));
  std::optional<std::string> text;
  PHAROS_ASSIGN(text, Fields(*root, "postmortem").text("body_draft", kMaxPostmortemLength));
  if (!text) return Error::invalid("required", "postmortem.body_draft");
  return *text;
}

Result<bool> parse_postmortem_publish(std::string_view body) {
  auto root = root_object(body, "postmortem", true);
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "postmortem", {"notify_subscribers"}));
  std::optional<bool> notify;
  PHAROS_ASSIGN(notify, Fields(*root, "postmortem").flag("notify_subscribers"));
  return notify.value_or(false);
}

Result<IncidentService::UpdateEdit> parse_update_edit(std::string_view body) {
  auto root = root_object(body, "incident_update");
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "incident_update", {"body", "display_at"}));
  Fields f(*root, "incident_update");
  IncidentService::UpdateEdit edit;
  PHAROS_ASSIGN(edit.body, f.text("body", kMaxBodyLength));
  PHAROS_ASSIGN(edit.display_at, f.instant("display_at"));
  if (!edit.body && !edit.display_at) {
    return Error::invalid("give body, display_at or both", "incident_update");
  }
  return edit;
}

Result<std::string> parse_probable_cause(std::string_view body) {
  auto root = root_object(body, "probable_cause");
  if (!root) return root.error();
  PHAROS_TRY(only_known(*root, "probable_cause", {"incident_id"}));
  std::optional<std::string> id;
  PHAROS_ASSIGN(id, Fields(*root, "probable_cause").text("incident_id", 64));
  if (!id || id->empty()) {
    return Error::invalid("name the vendor incident's id", "probable_cause.incident_id");
  }
  return *id;
}

Result<Paging> parse_paging(const std::string& page, const std::string& per_page) {
  auto number = [](const std::string& text, std::size_t fallback, std::size_t max,
                   const char* field) -> Result<std::size_t> {
    if (text.empty()) return fallback;
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > max) {
      return Error::invalid("a whole number from 1 to " + std::to_string(max), field);
    }
    return n;
  };
  Paging p;
  PHAROS_ASSIGN(p.page, number(page, 1, 1'000'000, "page"));
  PHAROS_ASSIGN(p.per_page, number(per_page, 25, 100, "per_page"));
  return p;
}

}  // namespace pharos::manage
