// Reusable incident templates: a list, an editor, and "start from a template" in the composer
// (/admin/incidents/new?template=ID fills name, status, impact and body; the person still checks
// every field before opening). Responders write templates; everyone signed in may read them.
#include "admin/audit.h"
#include "admin/incident_pages.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "core/ids.h"

namespace pharos::admin {
namespace {

std::string kind_path(IncidentKind kind) {
  return kind == IncidentKind::kMaintenance ? "/admin/maintenance/new" : "/admin/incidents/new";
}

std::string template_json(const IncidentTemplate& t) {
  return "{\"id\":\"" + json_escape(t.id) + "\",\"name\":\"" + json_escape(t.name) +
         "\",\"kind\":\"" + std::string(to_string(t.kind)) + "\",\"title\":\"" +
         json_escape(t.title) + "\",\"status\":\"" + json_escape(t.status) + "\",\"impact\":\"" +
         json_escape(t.impact) + "\",\"body\":\"" + json_escape(t.body) + "\"}";
}

web::Response templates_off(Context& ctx) {
  return message_page(ctx, 503, "Templates unavailable", "Templates need the SQLite storage.");
}

web::Response list_templates(Context& ctx) {
  TemplateStore* store = ctx.services.templates;
  if (store == nullptr) return templates_off(ctx);
  auto all = store->list_templates();
  if (!all) return message_page(ctx, 500, "Storage error", all.error().message);
  std::string rows;
  for (const IncidentTemplate& t : *all) {
    rows += "<tr><td>" + esc(t.name) + "</td><td>" + std::string(to_string(t.kind)) + "</td><td>" +
            esc(t.title) + "</td><td>";
    if (ctx.can(Role::kResponder)) {
      rows += "<a href=\"" + kind_path(t.kind) + "?template=" + esc(t.id) +
              "\">Use</a> · <a href=\"/admin/templates/" + esc(t.id) +
              "\">Edit</a> · <form method=\"post\" class=\"inline\" action=\"/admin/templates/" +
              esc(t.id) + "/delete\">" + csrf_field(ctx) +
              "<button type=\"submit\" class=\"secondary\" data-confirm=\"Delete this "
              "template?\">Delete</button></form>";
    }
    rows += "</td></tr>";
  }
  std::string body = "<h1>Templates</h1>";
  if (ctx.can(Role::kResponder)) {
    body +=
        "<div class=\"actions\"><a class=\"button\" href=\"/admin/templates/new\">New "
        "template</a></div>";
  }
  body += listing_html("templates", {"Template", "For", "Incident name", ""}, rows,
                       "No templates yet.");
  return page_response(ctx, "Templates", "templates", body);
}

web::Response editor(Context& ctx, const IncidentTemplate& t, const FieldErrors& errors,
                     unsigned status) {
  std::string action = t.id.empty() ? "/admin/templates/new" : "/admin/templates/" + t.id;
  std::string body = "<p><a href=\"/admin/templates\">← templates</a></p><h1>" +
                     std::string(t.id.empty() ? "New template" : "Edit template") + "</h1>" +
                     errors.summary_html() + errors.html("form");
  body += "<form method=\"post\" action=\"" + esc(action) + "\" class=\"panel\">" + csrf_field(ctx);
  body += input_field("name", "Template name", t.name, errors);
  body += select_field("kind", "For", {{"incident", "Incidents"}, {"maintenance", "Maintenance"}},
                       to_string(t.kind), errors);
  body += input_field("title", "Incident name", t.title, errors);
  std::vector<Option> statuses{{"", "(choose when using it)"}};
  for (auto s : {IncidentStatus::kInvestigating, IncidentStatus::kIdentified,
                 IncidentStatus::kMonitoring, IncidentStatus::kScheduled}) {
    statuses.push_back({std::string(to_string(s)), std::string(label(s))});
  }
  body += select_field("status", "Status", statuses, t.status, errors);
  body += select_field("impact", "Impact",
                       {{"", "Derived from the components"},
                        {"none", "None"},
                        {"minor", "Minor"},
                        {"major", "Major"},
                        {"critical", "Critical"}},
                       t.impact, errors);
  body += textarea_field("body", "Message (Markdown)", t.body, errors, 8);
  body += "<div class=\"actions\"><button type=\"submit\">Save template</button></div></form>";
  return page_response(ctx, "Template", "templates", body, status);
}

web::Response save(Context& ctx, const std::string& id) {
  TemplateStore* store = ctx.services.templates;
  if (store == nullptr) return templates_off(ctx);
  std::optional<IncidentTemplate> before;
  if (!id.empty()) {
    auto found = store->find_template(id);
    if (!found) return message_page(ctx, 500, "Storage error", found.error().message);
    if (!*found) return message_page(ctx, 404, "Not found", "No template has this id.");
    before = **found;
  }
  IncidentTemplate t;
  t.id = id.empty() ? new_id() : id;
  t.name = std::string(trim(ctx.form.get("name")));
  t.kind =
      ctx.form.get("kind") == "maintenance" ? IncidentKind::kMaintenance : IncidentKind::kIncident;
  t.title = ctx.form.get("title");
  t.status = ctx.form.get("status");
  t.impact = ctx.form.get("impact");
  t.body = ctx.form.get("body");
  t.updated_at = ctx.services.clock.now();
  FieldErrors errors;
  if (t.name.empty() || t.name.size() > 100)
    errors.add("name", "Give it a name of 1–100 characters.");
  if (t.title.size() > kMaxNameLength) errors.add("title", "At most 255 characters.");
  if (!t.status.empty() && !parse_incident_status(t.status))
    errors.add("status", "Unknown status.");
  if (!t.impact.empty() && !parse_impact(t.impact)) errors.add("impact", "Unknown impact.");
  if (t.body.size() > kMaxBodyLength) errors.add("body", "At most 25000 characters.");
  if (!errors.empty()) return editor(ctx, t, errors, 400);
  if (auto saved = store->save_template(t); !saved) {
    errors.add(saved.error().field == "name" ? "name" : "form", saved.error().message);
    return editor(ctx, t, errors, 400);
  }
  audit_change(ctx, before ? "template.update" : "template.create", t.id,
               before ? template_json(*before) : "", template_json(t));
  return redirect_with_flash(ctx, "/admin/templates", "Template saved.");
}

web::Response remove(Context& ctx) {
  TemplateStore* store = ctx.services.templates;
  if (store == nullptr) return templates_off(ctx);
  std::string id(ctx.request.param("id"));
  auto found = store->find_template(id);
  if (!found || !*found) return message_page(ctx, 404, "Not found", "No template has this id.");
  if (auto removed = store->delete_template(id); !removed) {
    return message_page(ctx, 500, "Storage error", removed.error().message);
  }
  audit_change(ctx, "template.delete", id, template_json(**found), "");
  return redirect_with_flash(ctx, "/admin/templates", "Template deleted.");
}

}  // namespace

std::string templates_picker(const Context& ctx, IncidentKind kind) {
  if (ctx.services.templates == nullptr) return {};
  auto all = ctx.services.templates->list_templates();
  if (!all) return {};
  std::string links;
  for (const IncidentTemplate& t : *all) {
    if (t.kind != kind) continue;
    links += "<li><a href=\"" + kind_path(kind) + "?template=" + esc(t.id) + "\">" + esc(t.name) +
             "</a></li>";
  }
  if (links.empty()) return {};
  return "<div class=\"panel templates-picker\">Start from a template:<ul>" + links + "</ul></div>";
}

void apply_template(const Context& ctx, IncidentFormValues& values) {
  std::string id = ctx.request.query_param("template");
  if (id.empty() || ctx.services.templates == nullptr) return;
  auto found = ctx.services.templates->find_template(id);
  if (!found || !*found) return;
  const IncidentTemplate& t = **found;
  values.name = t.title;
  if (!t.status.empty()) values.status = t.status;
  values.impact = t.impact;
  values.body = t.body;
}

void add_template_pages(PageRoutes& pages) {
  pages.get("/admin/templates", Role::kViewer, list_templates);
  pages.get("/admin/templates/new", Role::kResponder, [](Context& ctx) {
    return ctx.services.templates == nullptr ? templates_off(ctx)
                                             : editor(ctx, IncidentTemplate{}, FieldErrors{}, 200);
  });
  pages.post("/admin/templates/new", Role::kResponder, [](Context& ctx) { return save(ctx, ""); });
  pages.get("/admin/templates/{id}", Role::kResponder, [](Context& ctx) {
    if (ctx.services.templates == nullptr) return templates_off(ctx);
    auto found = ctx.services.templates->find_template(std::string(ctx.request.param("id")));
    if (!found || !*found) return message_page(ctx, 404, "Not found", "No template has this id.");
    return editor(ctx, **found, FieldErrors{}, 200);
  });
  pages.post("/admin/templates/{id}", Role::kResponder,
             [](Context& ctx) { return save(ctx, std::string(ctx.request.param("id"))); });
  pages.post("/admin/templates/{id}/delete", Role::kResponder, remove);
}

}  // namespace pharos::admin
