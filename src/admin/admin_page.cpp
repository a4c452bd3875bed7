#include "admin/admin_page.h"

#include <array>
#include <cctype>

#include "web/http.h"

namespace pharos::admin {
namespace {

// No inline script or style anywhere: an injected <script> or style= attribute does nothing even
// if escaping were ever missed. Forms may only post here; no page may frame the admin.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct NavEntry {
  std::string_view key;
  std::string_view label;
  std::string_view href;
  Role min_role;
};

constexpr std::array<NavEntry, 8> kNav{{
    {"dashboard", "Dashboard", "/admin", Role::kViewer},
    {"incidents", "Incidents", "/admin/incidents", Role::kViewer},
    {"maintenance", "Maintenance", "/admin/maintenance", Role::kViewer},
    {"templates", "Templates", "/admin/templates", Role::kViewer},
    {"monitors", "Monitors", "/admin/monitors", Role::kViewer},
    {"reports", "Reports", "/admin/reports", Role::kViewer},
    {"subscribers", "Subscribers", "/admin/subscribers", Role::kAdmin},
    {"users", "Users", "/admin/users", Role::kAdmin},
}};

std::string login_redirect_target(const web::Request& request) {
  std::string target = request.path;
  if (!request.query.empty()) target += "?" + request.query;
  std::string encoded;
  for (char ch : target) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.') {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "/admin/login?next=" + encoded;
}

std::string nav_html(const Context& ctx, std::string_view current) {
  std::string out = "<nav class=\"admin-nav\"><ul>";
  for (const NavEntry& entry : kNav) {
    if (!ctx.can(entry.min_role)) continue;
    out += "<li><a href=\"" + std::string(entry.href) + "\"";
    if (entry.key == current) out += " aria-current=\"page\"";
    out += ">" + std::string(entry.label) + "</a></li>";
  }
  out += "</ul></nav>";
  return out;
}

std::string header_html(const Context& ctx, std::string_view nav_key) {
  std::string out = "<header class=\"top\"><a class=\"brand\" href=\"/admin\">" +
                    esc(ctx.services.page_name) + " <span>admin</span></a>";
  if (ctx.signed_in()) {
    out += nav_html(ctx, nav_key);
    out += "<form class=\"logout\" method=\"post\" action=\"/admin/logout\">" + csrf_field(ctx) +
           "<span class=\"who\">" + esc(ctx.session.user_name) + " (" +
           std::string(to_string(ctx.session.role)) +
           ")</span> <button type=\"submit\">Log out</button></form>";
  }
  out += "</header>";
  return out;
}

}  // namespace

std::string session_cookie(const web::Request& request) {
  // Cookie: a=1; pharos_session=VALUE; b=2 — the first pharos_session wins.
  for (const web::Header& header : request.headers) {
    if (!equals_ci(header.name, "Cookie")) continue;
    for (const std::string& part : split(header.value, ';')) {
      std::string_view pair = trim(part);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) == auth::kSessionCookie) {
        return std::string(trim(pair.substr(eq + 1)));
      }
    }
  }
  return {};
}

bool same_origin(const web::Request& request) {
  std::string_view site = request.header("Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin" && site != "none") return false;
  std::string_view origin = request.header("Origin");
  if (origin.empty()) return true;  // not a browser form; the CSRF token still has to match
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;  // "null" (sandboxed, file:) and junk
  std::string_view host = origin.substr(scheme_end + 3);
  std::string_view own = request.header("Host");
  return !own.empty() && equals_ci(host, own);
}

bool csrf_ok(const web::Request& request, const auth::Session& session) {
  std::string_view header = request.header("X-CSRF-Token");
  if (!header.empty()) return auth::SessionManager::check_csrf(session, header);
  return auth::SessionManager::check_csrf(session, Form::parse(request.body).get("csrf"));
}

void PageRoutes::get(std::string pattern, Role min_role, PageHandler handler) {
  add(web::Method::kGet, std::move(pattern), min_role, std::move(handler));
}
void PageRoutes::post(std::string pattern, Role min_role, PageHandler handler) {
  add(web::Method::kPost, std::move(pattern), min_role, std::move(handler));
}
void PageRoutes::get_public(std::string pattern, PageHandler handler) {
  add(web::Method::kGet, std::move(pattern), std::nullopt, std::move(handler));
}
void PageRoutes::post_public(std::string pattern, PageHandler handler) {
  add(web::Method::kPost, std::move(pattern), std::nullopt, std::move(handler));
}

void PageRoutes::add(web::Method method, std::string pattern, std::optional<Role> min_role,
                     PageHandler handler) {
  // A user limited to pages (User::pages) reads those status pages and may only log out here.
  bool for_readers = pattern == "/admin/logout";
  router_.add(method, std::move(pattern),
              [services = services_, method, min_role, for_readers,
               handler = std::move(handler)](const web::Request& request) {
                Context ctx{.request = request,
                            .services = services,
                            .session = {},
                            .session_cookie = session_cookie(request),
                            .form = {}};
                if (auto found = services.sessions.find(ctx.session_cookie)) ctx.session = *found;
                web::Response response;
                bool is_post = method == web::Method::kPost;
                if (is_post) ctx.form = Form::parse(request.body);
                if (is_post && !same_origin(request)) {
                  response =
                      message_page(ctx, 403, "Refused",
                                   "This form was sent from another site. Nothing was changed.");
                } else if (min_role && !ctx.signed_in()) {
                  response = is_post ? message_page(ctx, 401, "Signed out",
                                                    "Your session has ended. Log in again; "
                                                    "nothing was changed.")
                                     : redirect(login_redirect_target(request));
                } else if (min_role && !ctx.session.pages.empty() && !for_readers) {
                  response = message_page(ctx, 403, "Not allowed",
                                          "This account reads status pages only; the admin "
                                          "pages are for the people who run them.");
                } else if (min_role && ctx.session.role < *min_role) {
                  response = message_page(ctx, 403, "Not allowed",
                                          "Your role does not allow this. Nothing was changed.");
                } else if (is_post && min_role && !csrf_ok(request, ctx.session)) {
                  response = message_page(ctx, 403, "Refused",
                                          "The form's security token is missing or stale. Reload "
                                          "the page and try again; nothing was changed.");
                } else {
                  response = handler(ctx);
                }
                return std::move(with_security_headers(response));
              });
}

std::string render_page(Context& ctx, std::string_view title, std::string_view nav_key,
                        std::string_view body_html) {
  std::string flash;
  if (ctx.signed_in()) flash = ctx.services.sessions.take_flash(ctx.session_cookie);
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      esc(title) + " · " + esc(ctx.services.page_name) +
      " admin</title>"
      "<link rel=\"stylesheet\" href=\"/admin/static/admin.css\">"
      // The public site's icon (site/html_pages.h kFaviconPath): without it every admin page
      // makes the browser ask for a /favicon.ico that does not exist.
      "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
      "<script src=\"/admin/static/admin.js\" defer></script></head><body>";
  out += header_html(ctx, nav_key);
  out += "<main>";
  if (!flash.empty()) out += "<p class=\"flash\" role=\"status\">" + esc(flash) + "</p>";
  out += body_html;
  out += "</main></body></html>";
  return out;
}

web::Response page_response(Context& ctx, std::string_view title, std::string_view nav_key,
                            std::string_view body_html, unsigned status) {
  web::Response response = web::Response::text(status, render_page(ctx, title, nav_key, body_html),
                                               "text/html; charset=utf-8");
  return std::move(with_security_headers(response));
}

web::Response message_page(Context& ctx, unsigned status, std::string_view title,
                           std::string_view message) {
  std::string body = "<h1>" + esc(title) + "</h1><p class=\"message\">" + esc(message) + "</p>";
  if (!ctx.signed_in())
    body += "<p><a href=\"/admin/login\">Log in</a></p>";
  else
    body += "<p><a href=\"/admin\">Back to the dashboard</a></p>";
  return page_response(ctx, title, "", body, status);
}

web::Response& with_security_headers(web::Response& response) {
  if (response.headers.find("Content-Security-Policy:") != std::string::npos) return response;
  response.header("Content-Security-Policy", kContentSecurityPolicy);
  response.header("X-Frame-Options", "DENY");
  // same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" on our own form
  // posts, which same_origin() must refuse. Other sites still get no referrer at all.
  response.header("Referrer-Policy", "same-origin");
  response.header("X-Content-Type-Options", "nosniff");
  if (response.headers.find("Cache-Control:") == std::string::npos) {
    response.header("Cache-Control", "no-store");
  }
  return response;
}

bool is_local_path(std::string_view path) {
  if (!path.starts_with("/")) return false;
  for (char c : path) {
    if (c == '\\' || c == '\r' || c == '\n' || c == '\0') return false;
  }
  return path.find("//") == std::string_view::npos;
}

bool is_local_admin_path(std::string_view path) {
  if (path != "/admin" && !path.starts_with("/admin/") && !path.starts_with("/admin?"))
    return false;
  return is_local_path(path);
}

web::Response redirect(std::string_view location) {
  web::Response response;
  response.status = 303;
  response.header("Location", is_local_admin_path(location) ? location : "/admin");
  return response;
}

web::Response redirect_after_login(std::string_view location) {
  web::Response response;
  response.status = 303;
  response.header("Location", is_local_path(location) ? location : "/admin");
  return response;
}

web::Response redirect_with_flash(Context& ctx, std::string_view location, std::string message) {
  ctx.services.sessions.set_flash(ctx.session_cookie, std::move(message));
  return redirect(location);
}

std::string csrf_field(const Context& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.session.csrf_token) + "\">";
}

}  // namespace pharos::admin
