// Login, logout and the first-admin setup.
//
// Worked scenario (login): ada types a wrong password → 401, the form again with her name kept and
// "Wrong user name or password." (the same words for an unknown name); the limiter counts one
// failure for her name and one for her address. The fifth failure within 15 minutes → every
// further attempt for "ada" answers 429 without checking the password. A right password → a new
// session, its cookie set, 303 to `next` (only paths under /admin; anything else → /admin).
#include "admin/pages.h"
#include "admin/setup_gate.h"
#include "auth/auth_service.h"

namespace pharos::admin {
namespace {

constexpr std::string_view kWrongCredentials = "Wrong user name or password.";

std::string login_form(const Context& ctx, std::string_view name, std::string_view next,
                       std::string_view error) {
  std::string out = "<h1>Log in</h1>";
  if (!error.empty()) out += "<div class=\"form-errors\" role=\"alert\">" + esc(error) + "</div>";
  FieldErrors none;
  out += "<form method=\"post\" action=\"/admin/login\" class=\"panel\">";
  out += "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">";
  out += input_field("name", "User name", name, none, "text",
                     "autocomplete=\"username\" autofocus required");
  out += input_field("password", "Password", "", none, "password",
                     "autocomplete=\"current-password\" required");
  out += "<div class=\"actions\"><button type=\"submit\">Log in</button></div></form>";
  if (ctx.services.setup != nullptr && ctx.services.setup->open()) {
    out +=
        "<p class=\"muted\">No admin yet? Open the setup address `pharos serve` printed when it "
        "started, or run <code>pharos user add</code>.</p>";
  }
  return out;
}

std::string safe_next(std::string_view next) {
  return is_local_path(next) ? std::string(next) : std::string("/admin");
}

web::Response show_login(Context& ctx) {
  if (ctx.signed_in()) return redirect("/admin");
  return page_response(ctx, "Log in", "",
                       login_form(ctx, "", safe_next(ctx.request.query_param("next")), ""));
}

web::Response do_login(Context& ctx) {
  const Services& s = ctx.services;
  std::string name = std::string(trim(ctx.form.get("name")));
  std::string next = safe_next(ctx.form.get("next"));
  std::string address(ctx.request.peer_address);
  if (!s.limiter.allowed(address, name)) {
    return page_response(ctx, "Too many attempts", "",
                         "<h1>Too many attempts</h1><p class=\"message\">Too many failed logins "
                         "for this user name or from this address. Wait 15 minutes and try "
                         "again.</p>",
                         429);
  }
  auth::AuthService auth(s.auth_store, s.clock);
  auto user = auth.verify_password(name, ctx.form.get("password"));
  if (!user) {
    s.limiter.record_failure(address, name);
    return page_response(ctx, "Log in", "", login_form(ctx, name, next, kWrongCredentials), 401);
  }
  s.limiter.record_success(name);
  if (!ctx.session_cookie.empty()) s.sessions.destroy(ctx.session_cookie);
  std::string cookie = s.sessions.create(*user);
  // A user limited to pages has no admin page to land on: its first page instead.
  if (!user->pages.empty() && (next == "/admin" || next.starts_with("/admin/"))) {
    next = "/";
    for (const auto& page : s.pages ? s.pages() : std::vector<auth::PageChoice>{}) {
      if (page.slug == user->pages.front()) next = page.path;
    }
  }
  web::Response response = redirect_after_login(next);
  response.header("Set-Cookie", s.sessions.set_cookie(cookie, s.secure_cookies));
  return response;
}

web::Response do_logout(Context& ctx) {
  ctx.services.sessions.destroy(ctx.session_cookie);
  web::Response response = redirect("/admin/login");
  response.header("Set-Cookie", auth::SessionManager::clear_cookie(ctx.services.secure_cookies));
  return response;
}

// ---- first-admin setup ----

Result<bool> admin_exists(AuthStore& store) {
  auto users = store.list_users();
  if (!users) return users.error();
  for (const User& user : *users) {
    if (user.role == Role::kAdmin) return true;
  }
  return false;
}

std::string setup_form(std::string_view token, std::string_view name, const FieldErrors& errors) {
  std::string out = "<h1>Create the first admin</h1>" + errors.summary_html();
  out += "<form method=\"post\" action=\"/admin/setup\" class=\"panel\">";
  out += "<input type=\"hidden\" name=\"token\" value=\"" + esc(token) + "\">";
  out += input_field("name", "User name (a-z, 0-9, . _ -)", name, errors, "text",
                     "autocomplete=\"username\" required");
  out += input_field("password", "Password (at least 12 characters)", "", errors, "password",
                     "autocomplete=\"new-password\" required");
  out += input_field("confirm", "Password again", "", errors, "password",
                     "autocomplete=\"new-password\" required");
  out += "<div class=\"actions\"><button type=\"submit\">Create admin</button></div></form>";
  return out;
}

// Nil when the gate lets this token through; otherwise the page that says why not.
std::optional<web::Response> refuse_setup(Context& ctx, std::string_view token) {
  SetupGate* gate = ctx.services.setup;
  if (gate != nullptr && gate->open()) {
    auto exists = admin_exists(ctx.services.auth_store);
    if (exists && *exists) gate->close();  // `pharos user add` got there first
  }
  if (gate == nullptr || !gate->open()) {
    return message_page(ctx, 404, "Setup is closed",
                        "An admin already exists. Log in, or ask an admin for an account.");
  }
  if (!gate->accepts(token)) {
    return message_page(ctx, 403, "Wrong setup token",
                        "Use the setup address printed by `pharos serve` when it started.");
  }
  return std::nullopt;
}

web::Response show_setup(Context& ctx) {
  std::string token = ctx.request.query_param("token");
  if (auto refused = refuse_setup(ctx, token)) return *refused;
  return page_response(ctx, "Setup", "", setup_form(token, "", FieldErrors{}));
}

web::Response do_setup(Context& ctx) {
  std::string token = ctx.form.get("token");
  if (auto refused = refuse_setup(ctx, token)) return *refused;
  std::string name = std::string(trim(ctx.form.get("name")));
  auth::NewUser request{.name = name, .role = Role::kAdmin, .password = ctx.form.get("password")};
  // Every field's problem at once, not one per attempt.
  FieldErrors errors;
  for (const Error& problem : auth::AuthService::new_user_problems(request)) {
    errors.add(problem.field, problem.message);
  }
  if (ctx.form.get("password") != ctx.form.get("confirm")) {
    errors.add("confirm", "The two passwords differ.");
  }
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  if (errors.empty()) {
    auto user = auth.add_user(request, "setup:token");
    if (user) {
      ctx.services.setup->close();
      std::string cookie = ctx.services.sessions.create(*user);
      ctx.services.sessions.set_flash(cookie,
                                      "Welcome, " + user->name + ": you are the first admin.");
      web::Response response = redirect("/admin");
      response.header("Set-Cookie",
                      ctx.services.sessions.set_cookie(cookie, ctx.services.secure_cookies));
      return response;
    }
    errors.add(user.error().field.empty() ? "name" : user.error().field, user.error().message);
  }
  return page_response(ctx, "Setup", "", setup_form(token, name, errors), 400);
}

}  // namespace

void add_login_pages(PageRoutes& pages) {
  pages.get_public("/admin/login", show_login);
  pages.post_public("/admin/login", do_login);
  pages.post("/admin/logout", Role::kViewer, do_logout);
  pages.get_public("/admin/setup", show_setup);
  pages.post_public("/admin/setup", do_setup);
}

}  // namespace pharos::admin
