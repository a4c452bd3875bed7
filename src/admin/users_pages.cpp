// Users and API tokens (admin only). AuthService does the work and writes each change's audit
// entry in the same transaction; secrets (a generated password, a new token) are shown once on
// the page that answers the POST — never stored in clear, never in a flash message or a log.
//
// Worked scenario: an admin adds "rob" as responder with the password left empty → a generated
// password is shown once on the answer page; reloading does not show it again (no-store, and it
// is gone from memory). Removing "rob" also ends his sessions. Removing the last admin is refused.
#include <algorithm>

#include "admin/pages.h"
#include "admin/view.h"
#include "auth/auth_service.h"

namespace pharos::admin {
namespace {

std::string actor(const Context& ctx) { return "user:" + ctx.session.user_name; }

std::vector<Option> role_options() {
  return {{"viewer", "Viewer (reads)"},
          {"responder", "Responder (incidents)"},
          {"admin", "Admin (everything)"}};
}

std::vector<auth::PageChoice> page_choices(const Context& ctx) {
  if (ctx.services.pages) return ctx.services.pages();
  return {{"", ctx.services.page_name, "/"}};
}

// "Acme, Partners" for a list of slugs; "every page (admin UI)" for none.
std::string pages_text(const Context& ctx, const std::vector<std::string>& slugs,
                       std::string_view none) {
  if (slugs.empty()) return std::string(none);
  std::vector<std::string> names;
  auto choices = page_choices(ctx);
  for (const auto& slug : slugs) {
    std::string name = slug.empty() ? "main" : slug;
    for (const auto& c : choices) {
      if (c.slug == slug) name = c.name;
    }
    names.push_back(name);
  }
  return join_human(names);
}

// Checkboxes "pages" (value: the slug, "main" for the main page), `ticked` as entered.
std::string pages_field(const Context& ctx, std::string_view legend,
                        const std::vector<std::string>& ticked, const FieldErrors& errors) {
  std::string out = "<fieldset class=\"field pages\"><legend>" + esc(legend) + "</legend>";
  for (const auto& page : page_choices(ctx)) {
    std::string value = page.slug.empty() ? "main" : page.slug;
    bool on = std::find(ticked.begin(), ticked.end(), value) != ticked.end();
    out += "<label><input type=\"checkbox\" name=\"pages\" value=\"" + esc(value) + "\"" +
           (on ? " checked" : "") + "> " + esc(page.name) + " <span class=\"muted\">(" +
           esc(page.path) + ")</span></label>";
  }
  return out + errors.html("pages") + "</fieldset>";
}

std::string users_table(const Context& ctx, const std::vector<User>& users) {
  std::string rows;
  for (const User& u : users) {
    rows += "<tr><td>" + esc(u.name) + "</td><td>" + std::string(to_string(u.role)) + "</td><td>" +
            esc(pages_text(ctx, u.pages, "every page (admin UI)")) + "</td><td>" +
            time_html(ctx.services, u.created_at) +
            "</td><td><form method=\"post\" class=\"inline\" "
            "action=\"/admin/users/" +
            esc(u.name) + "/remove\">" + csrf_field(ctx) +
            "<button type=\"submit\" class=\"danger\" data-confirm=\"Remove " + esc(u.name) +
            " and their tokens?\">Remove</button></form></td></tr>";
  }
  return "<table class=\"users\"><thead><tr><th>User</th><th>Role</th><th>Reads</th><th>Since</th>"
         "<th></th></tr>"
         "</thead><tbody>" +
         rows + "</tbody></table>";
}

std::string tokens_table(const Context& ctx, const std::vector<ApiToken>& tokens,
                         const std::vector<User>& users) {
  std::string rows;
  Instant now = ctx.services.clock.now();
  for (const ApiToken& t : tokens) {
    std::string owner = t.user_id;
    for (const User& u : users) {
      if (u.id == t.user_id) owner = u.name;
    }
    std::vector<std::string> scopes;
    for (Scope s : t.scopes) scopes.emplace_back(to_string(s));
    bool active = !t.revoked_at && (!t.expires_at || *t.expires_at > now);
    rows += "<tr><td>" + esc(t.label) + "</td><td>" + esc(owner) + "</td><td><code>" + esc(t.hint) +
            "…</code></td><td>" + esc(join_human(scopes)) + "</td><td>" +
            esc(pages_text(ctx, t.pages, "every page")) + "</td><td>" +
            (t.expires_at ? time_html(ctx.services, *t.expires_at) : std::string("never")) +
            "</td><td>" +
            (t.revoked_at ? "revoked"
             : active     ? "active"
                          : "expired") +
            "</td><td>";
    if (!t.revoked_at) {
      rows += "<form method=\"post\" class=\"inline\" action=\"/admin/tokens/" + esc(t.id) +
              "/revoke\">" + csrf_field(ctx) +
              "<button type=\"submit\" class=\"secondary\" data-confirm=\"Revoke this token?\">"
              "Revoke</button></form>";
    }
    rows += "</td></tr>";
  }
  if (rows.empty()) return "<p class=\"muted\">No tokens.</p>";
  return "<table class=\"tokens\"><thead><tr><th>Label</th><th>User</th><th>Starts with</th>"
         "<th>Scopes</th><th>Pages</th><th>Expires</th><th>State</th><th></th></tr></"
         "thead><tbody>" +
         rows + "</tbody></table>";
}

struct Entered {
  std::string name, role = "responder";                     // add user
  std::vector<std::string> user_pages;                      // add user: ticked pages
  std::string token_user, label, scope = "write", expires;  // create token
  std::vector<std::string> token_pages;                     // create token: ticked pages
};

web::Response users_page(Context& ctx, const Entered& in, const FieldErrors& errors,
                         const std::string& secret_html, unsigned status) {
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto users = auth.list_users();
  auto tokens = auth.list_tokens(std::nullopt);
  if (!users || !tokens) return message_page(ctx, 500, "Storage error", "Could not read users.");
  std::vector<Option> user_options;
  for (const User& u : *users) user_options.push_back({u.name, u.name});
  std::string body = "<h1>Users and API tokens</h1>" + secret_html + errors.summary_html() +
                     errors.html("form") + users_table(ctx, *users);
  body += "<h2>Add a user</h2><form method=\"post\" action=\"/admin/users\" class=\"panel\">" +
          csrf_field(ctx) + input_field("name", "User name (a-z, 0-9, . _ -)", in.name, errors) +
          select_field("role", "Role", role_options(), in.role, errors) +
          input_field("password", "Password (empty: generate one and show it once)", "", errors,
                      "password", "autocomplete=\"new-password\"") +
          pages_field(ctx,
                      "Reads only these status pages, and not the admin pages (none ticked: a "
                      "user of the admin UI, who reads every page)",
                      in.user_pages, errors) +
          "<div class=\"actions\"><button type=\"submit\">Add user</button></div></form>";
  body += "<h2>API tokens</h2>" + tokens_table(ctx, *tokens, *users);
  body +=
      "<h2>Create a token</h2><form method=\"post\" action=\"/admin/tokens\" class=\"panel\">" +
      csrf_field(ctx) + select_field("user", "For user", user_options, in.token_user, errors) +
      input_field("label", "What it is for", in.label, errors) +
      select_field("scopes", "Scope", {{"read", "read"}, {"write", "write"}, {"admin", "admin"}},
                   in.scope, errors) +
      input_field("expires_at", "Expires (30d, 12h, an ISO time; empty: never)", in.expires,
                  errors) +
      pages_field(ctx, "Private pages it may read (none ticked: every page its user may read)",
                  in.token_pages, errors) +
      "<div class=\"actions\"><button type=\"submit\">Create token</button></div></form>";
  return page_response(ctx, "Users", "users", body, status);
}

std::string secret_box(std::string_view what, std::string_view secret) {
  return "<div class=\"panel\" role=\"status\"><p><strong>" + esc(what) +
         "</strong> — copy it now; it is not shown again.</p><p class=\"secret\" id=\"secret\">" +
         esc(secret) + "</p></div>";
}

web::Response add_user(Context& ctx) {
  Entered in;
  in.name = std::string(trim(ctx.form.get("name")));
  in.role = ctx.form.get("role");
  in.user_pages = ctx.form.all("pages");
  FieldErrors errors;
  auto role = parse_role(in.role);
  if (!role) errors.add("role", "Choose viewer, responder or admin.");
  auto pages = auth::resolve_pages(in.user_pages, page_choices(ctx), "pages");
  if (!pages) errors.add("pages", pages.error().message);
  std::string password = ctx.form.get("password");
  bool generated = password.empty();
  if (generated) password = auth::generate_password();
  if (!errors.empty()) return users_page(ctx, in, errors, "", 400);
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto user = auth.add_user({.name = in.name, .role = *role, .password = password, .pages = *pages},
                            actor(ctx));
  if (!user) {
    std::string f = user.error().field;
    std::string field = f == "password" || f == "pages" ? f : "name";
    errors.add(field, user.error().message);
    return users_page(ctx, in, errors, "", 400);
  }
  if (!generated) return redirect_with_flash(ctx, "/admin/users", "Added " + user->name + ".");
  return users_page(ctx, Entered{}, FieldErrors{},
                    secret_box("Password of " + user->name, password), 200);
}

web::Response remove_user(Context& ctx) {
  std::string name(ctx.request.param("name"));
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto found = ctx.services.auth_store.find_user_by_name(name);
  auto removed = auth.remove_user(name, actor(ctx));
  if (!removed) {
    FieldErrors errors;
    errors.add("form", removed.error().message);
    return users_page(ctx, Entered{}, errors, "",
                      removed.error().code == ErrorCode::kNotFound ? 404 : 409);
  }
  if (found && *found) ctx.services.sessions.destroy_user((*found)->id);
  if (name == ctx.session.user_name) return redirect("/admin/login");
  return redirect_with_flash(ctx, "/admin/users", "Removed " + name + ".");
}

web::Response create_token(Context& ctx) {
  Entered in;
  in.token_user = ctx.form.get("user");
  in.label = ctx.form.get("label");
  in.scope = ctx.form.get("scopes");
  in.expires = std::string(trim(ctx.form.get("expires_at")));
  in.token_pages = ctx.form.all("pages");
  FieldErrors errors;
  auth::NewToken request;
  if (auto pages = auth::resolve_pages(in.token_pages, page_choices(ctx), "pages"))
    request.pages = *pages;
  else
    errors.add("pages", pages.error().message);
  request.user_name = in.token_user;
  request.label = in.label;
  if (auto scope = parse_scope(in.scope))
    request.scopes = {*scope};
  else
    errors.add("scopes", "Choose read, write or admin.");
  if (in.label.size() > 200) errors.add("label", "At most 200 characters.");
  if (!in.expires.empty()) {
    auto expiry = auth::parse_expiry(in.expires, ctx.services.clock.now());
    if (!expiry)
      errors.add("expires_at", expiry.error().message);
    else
      request.expires_at = *expiry;
  }
  if (!errors.empty()) return users_page(ctx, in, errors, "", 400);
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto issued = auth.create_token(request, actor(ctx));
  if (!issued) {
    std::string f = issued.error().field;
    errors.add(f == "user" || f == "scopes" || f == "expires_at" || f == "pages" ? f : "form",
               issued.error().message);
    return users_page(ctx, in, errors, "", 400);
  }
  return users_page(ctx, Entered{}, FieldErrors{},
                    secret_box("Token for " + in.token_user, issued->secret), 200);
}

web::Response revoke_token(Context& ctx) {
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto revoked = auth.revoke_token(std::string(ctx.request.param("id")), actor(ctx));
  if (!revoked) {
    FieldErrors errors;
    errors.add("form", revoked.error().message);
    return users_page(ctx, Entered{}, errors, "", 404);
  }
  return redirect_with_flash(ctx, "/admin/users", "Token revoked.");
}

}  // namespace

void add_users_pages(PageRoutes& pages) {
  pages.get("/admin/users", Role::kAdmin,
            [](Context& ctx) { return users_page(ctx, Entered{}, FieldErrors{}, "", 200); });
  pages.post("/admin/users", Role::kAdmin, add_user);
  pages.post("/admin/users/{name}/remove", Role::kAdmin, remove_user);
  pages.post("/admin/tokens", Role::kAdmin, create_token);
  pages.post("/admin/tokens/{id}/revoke", Role::kAdmin, revoke_token);
}

}  // namespace pharos::admin
