// Editing the timeline after the fact, and the post-mortem.
//
// Edit an update: its body and the time shown for it (back-dating; the true posting time stays),
// no notification, no status change (IncidentService::edit_update).
//
// Post-mortem: a Markdown document pre-filled with the sections of seed 003's root-cause analysis.
// "Save draft" stores it unpublished; "Publish" saves and publishes it in two service calls —
// a publish that is refused (the incident is not resolved yet) leaves the draft saved and says so
// next to the button.
#include "admin/audit.h"
#include "admin/incident_pages.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "markdown/markdown.h"

namespace pharos::admin {
namespace {

constexpr std::string_view kPostmortemSkeleton =
    "## Description\n\n\n\n## Type of Event\n\n\n\n## Services Impacted\n\n\n\n## Timeline\n\n\n\n"
    "## Total Duration\n\n\n\n## Root Cause\n\n\n\n## Remediation\n\n\n\n## Preventative "
    "Action\n\n";

Result<Incident> load(Context& ctx) {
  auto found = ctx.services.store.find_incident(std::string(ctx.request.param("id")));
  if (!found) return found.error();
  if (!*found) return Error::not_found("No incident has this id.", "id");
  return **found;
}

web::Response load_failed(Context& ctx, const Error& error) {
  return message_page(ctx, error.code == ErrorCode::kNotFound ? 404 : 500,
                      error.code == ErrorCode::kNotFound ? "Not found" : "Storage error",
                      error.message);
}

const IncidentUpdate* find_update(const Incident& incident, std::string_view update_id) {
  for (const IncidentUpdate& u : incident.updates) {
    if (u.id == update_id) return &u;
  }
  return nullptr;
}

web::Response edit_update_page(Context& ctx, const Incident& incident, const IncidentUpdate& u,
                               std::string_view body_value, std::string_view time_value,
                               const FieldErrors& errors, unsigned status) {
  std::string back = "/admin/incidents/" + incident.id;
  std::string body = "<p><a href=\"" + esc(back) + "\">← " + esc(incident.name) +
                     "</a></p><h1>Edit an update</h1><p class=\"muted\">" +
                     std::string(label(u.status)) + " by " + esc(u.author) + ", posted " +
                     time_html(ctx.services, u.created_at) +
                     ". Editing notifies nobody and changes no status.</p>" +
                     errors.summary_html() + errors.html("form");
  body += "<form method=\"post\" action=\"" + esc(back) + "/updates/" + esc(u.id) +
          "\" class=\"panel\">" + csrf_field(ctx);
  body += input_field("display_at", "Shown at (" + ctx.services.zone.name() + ")", time_value,
                      errors, "datetime-local");
  body += textarea_field("body", "Message (Markdown)", body_value, errors, 8);
  body += "<div class=\"actions\"><button type=\"submit\">Save</button></div></form>";
  return page_response(ctx, "Edit an update", "incidents", body, status);
}

web::Response show_edit_update(Context& ctx) {
  auto incident = load(ctx);
  if (!incident) return load_failed(ctx, incident.error());
  const IncidentUpdate* u = find_update(*incident, ctx.request.param("update"));
  if (u == nullptr) return message_page(ctx, 404, "Not found", "This incident has no such update.");
  return edit_update_page(ctx, *incident, *u, u->body,
                          local_input_value(ctx.services, u->display_at), FieldErrors{}, 200);
}

web::Response save_edit_update(Context& ctx) {
  auto incident = load(ctx);
  if (!incident) return load_failed(ctx, incident.error());
  const IncidentUpdate* u = find_update(*incident, ctx.request.param("update"));
  if (u == nullptr) return message_page(ctx, 404, "Not found", "This incident has no such update.");
  std::string body = ctx.form.get("body");
  std::string time = ctx.form.get("display_at");
  FieldErrors errors;
  IncidentService::UpdateEdit edit;
  if (body != u->body) edit.body = body;
  auto at = parse_local_input(time, ctx.services.zone);
  if (!at)
    errors.add("display_at", "Give a date and time (" + ctx.services.zone.name() + ").");
  else if (local_input_value(ctx.services, *at) != local_input_value(ctx.services, u->display_at))
    edit.display_at = at;
  if (body.size() > kMaxBodyLength) errors.add("body", "At most 25000 characters.");
  if (!errors.empty()) return edit_update_page(ctx, *incident, *u, body, time, errors, 400);
  if (!edit.body && !edit.display_at) {
    return redirect_with_flash(ctx, "/admin/incidents/" + incident->id, "Nothing changed.");
  }
  auto after = ctx.services.incidents.edit_update(incident->id, u->id, edit, actor(ctx));
  if (!after) {
    std::string field = after.error().field == "body" || after.error().field == "display_at"
                            ? after.error().field
                            : "form";
    errors.add(field, after.error().message);
    return edit_update_page(ctx, *incident, *u, body, time, errors, 400);
  }
  return redirect_with_flash(ctx, "/admin/incidents/" + incident->id, "Update edited.");
}

web::Response postmortem_page(Context& ctx, const Incident& incident, std::string_view text,
                              bool notify, const FieldErrors& errors, const std::string& preview,
                              unsigned status) {
  std::string back = "/admin/incidents/" + incident.id;
  std::string state = !incident.postmortem                ? "not written yet"
                      : incident.postmortem->published_at ? "published"
                                                          : "draft, not public";
  std::string body = "<p><a href=\"" + esc(back) + "\">← " + esc(incident.name) +
                     "</a></p><h1>Post-mortem</h1><p class=\"muted\">" + state + "</p>" +
                     errors.summary_html() + errors.html("form");
  body += "<form method=\"post\" action=\"" + esc(back) + "/postmortem\" class=\"panel\">" +
          csrf_field(ctx);
  body += textarea_field("body", "Post-mortem (Markdown)", text, errors, 24);
  body += "<div class=\"preview preview-target\"" + std::string(preview.empty() ? " hidden" : "") +
          ">" + preview + "</div>";
  body += checkbox_field("notify", "Notify subscribers when publishing", notify);
  body += errors.html("publish");
  body +=
      "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\">Save "
      "draft</button><button type=\"submit\" name=\"action\" value=\"publish\">Publish</button>"
      "<button type=\"submit\" class=\"secondary\" name=\"preview\" value=\"1\">Preview</button>"
      "</div></form>";
  return page_response(ctx, "Post-mortem", "incidents", body, status);
}

web::Response show_postmortem(Context& ctx) {
  auto incident = load(ctx);
  if (!incident) return load_failed(ctx, incident.error());
  if (incident->is_maintenance())
    return message_page(ctx, 404, "Not found", "Maintenance has no post-mortem.");
  std::string text =
      incident->postmortem ? incident->postmortem->body : std::string(kPostmortemSkeleton);
  return postmortem_page(ctx, *incident, text, false, FieldErrors{}, "", 200);
}

web::Response save_postmortem(Context& ctx) {
  auto incident = load(ctx);
  if (!incident) return load_failed(ctx, incident.error());
  std::string text = ctx.form.get("body");
  bool notify = ctx.form.get("notify") == "yes";
  if (ctx.form.has("preview")) {
    return postmortem_page(ctx, *incident, text, notify, FieldErrors{}, markdown::to_html(text),
                           200);
  }
  FieldErrors errors;
  auto saved = ctx.services.incidents.save_postmortem(incident->id, text, actor(ctx));
  if (!saved) {
    errors.add(saved.error().field == "body" ? "body" : "form", saved.error().message);
    return postmortem_page(ctx, *incident, text, notify, errors, "", 400);
  }
  if (ctx.form.get("action") != "publish") {
    return redirect_with_flash(ctx, "/admin/incidents/" + incident->id + "/postmortem",
                               "Draft saved.");
  }
  auto published = ctx.services.incidents.publish_postmortem(
      incident->id, {.notify_subscribers = notify, .author = ctx.session.user_name}, actor(ctx));
  if (!published) {
    errors.add("publish", "Saved as a draft, not published: " + published.error().message);
    return postmortem_page(ctx, *saved, text, notify, errors, "", 409);
  }
  return redirect_with_flash(ctx, "/admin/incidents/" + incident->id, "Post-mortem published.");
}

}  // namespace

void add_postmortem_pages(PageRoutes& pages) {
  pages.get("/admin/incidents/{id}/updates/{update}", Role::kResponder, show_edit_update);
  pages.post("/admin/incidents/{id}/updates/{update}", Role::kResponder, save_edit_update);
  pages.get("/admin/incidents/{id}/postmortem", Role::kResponder, show_postmortem);
  pages.post("/admin/incidents/{id}/postmortem", Role::kResponder, save_postmortem);
}

}  // namespace pharos::admin
