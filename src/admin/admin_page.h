#pragma once
// The toolkit every admin page file uses: the signed-in request context, the guard that requires
// a session and a role, CSRF and same-origin checks for every POST, the page shell with its
// security headers, and the registration hook (PageRoutes).
//
// A page file exposes one function, e.g. `void add_monitor_pages(PageRoutes& pages);`, and
// admin_ui.cpp calls it. Inside it:
//
//   pages.get("/admin/monitors", Role::kViewer, [](Context& ctx) {
//     return page_response(ctx, "Monitors", "monitors", "<h1>Monitors</h1>…");
//   });
//   pages.post("/admin/monitors/{name}/pause", Role::kResponder, [](Context& ctx) {
//     Form form = Form::parse(ctx.request.body);   // CSRF was already checked
//     …
//     return redirect_with_flash(ctx, "/admin/monitors", "Paused api-health.");
//   });
//
// Worked scenario (the guard): GET /admin/incidents without a cookie → 303 to
// /admin/login?next=%2Fadmin%2Fincidents; after login the browser lands back there. A viewer's
// POST /admin/incidents → 403 page, nothing changed. A responder's POST from a page on another
// origin → 403 (Origin or Sec-Fetch-Site says cross-site) before the CSRF token is even looked at;
// from this origin but without the `csrf` field or X-CSRF-Token header → 403, nothing changed.
//
// Content-Security-Policy forbids inline scripts and inline style attributes: put behaviour in
// /admin/static/admin.js and looks in /admin/static/admin.css (or SVG presentation attributes such
// as fill= and stroke=, which CSP allows).
#include <functional>
#include <string>
#include <string_view>

#include "admin/admin_ui.h"
#include "admin/form.h"
#include "auth/sessions.h"
#include "core/text.h"
#include "storage/auth_store.h"
#include "web/http.h"
#include "web/router.h"

namespace pharos::admin {

// One request to an admin page.
struct Context {
  const web::Request& request;
  const Services& services;
  // The signed-in user's session (name, role, CSRF token); empty user_name on public pages.
  auth::Session session;
  std::string session_cookie;  // the cookie value, to end the session or set a flash message
  Form form;                   // the parsed body of a POST (application/x-www-form-urlencoded)
  bool signed_in() const { return !session.user_name.empty(); }
  bool can(Role role) const { return signed_in() && session.role >= role; }
};

using PageHandler = std::function<web::Response(Context&)>;

// Registers admin pages on the router with the guard around them.
class PageRoutes {
 public:
  PageRoutes(web::Router& router, const Services& services)
      : router_(router), services_(services) {}

  // A page for signed-in users with at least `min_role`.
  void get(std::string pattern, Role min_role, PageHandler handler);
  // A state-changing form post: signed in, at least `min_role`, same origin and the session's
  // CSRF token — all checked before `handler` runs.
  void post(std::string pattern, Role min_role, PageHandler handler);
  // Pages anyone may open (login, setup, static files). POSTs are still refused cross-origin.
  void get_public(std::string pattern, PageHandler handler);
  void post_public(std::string pattern, PageHandler handler);

  const Services& services() const { return services_; }

 private:
  void add(web::Method method, std::string pattern, std::optional<Role> min_role,
           PageHandler handler);

  web::Router& router_;
  Services services_;
};

// The value of the session cookie in a request's Cookie header, or empty.
std::string session_cookie(const web::Request& request);

// True when a POST may come from where it says: refused when Sec-Fetch-Site is "cross-site" or
// "same-site", or when an Origin header names another origin than this request's Host.
bool same_origin(const web::Request& request);
// True when the request carries the session's CSRF token (form field `csrf` or X-CSRF-Token).
bool csrf_ok(const web::Request& request, const auth::Session& session);

// The whole HTML document: head, nav (only the entries the role may open, `nav_key` marked
// current), the flash message (taken once from the session), then `body_html` (already escaped).
std::string render_page(Context& ctx, std::string_view title, std::string_view nav_key,
                        std::string_view body_html);
// render_page as a response with the security headers (see with_security_headers).
web::Response page_response(Context& ctx, std::string_view title, std::string_view nav_key,
                            std::string_view body_html, unsigned status = 200);
// A small page with a title and one message, for 403/404/429 and the like.
web::Response message_page(Context& ctx, unsigned status, std::string_view title,
                           std::string_view message);

// Adds Content-Security-Policy (no inline script or style), X-Frame-Options DENY,
// Referrer-Policy same-origin, X-Content-Type-Options nosniff and Cache-Control no-store.
web::Response& with_security_headers(web::Response& response);
// 303 See Other to a path of this site (anything else becomes /admin).
web::Response redirect(std::string_view location);
// redirect() after leaving a message the next page shows once.
web::Response redirect_with_flash(Context& ctx, std::string_view location, std::string message);

// <input type="hidden" name="csrf" value="…">, for every form.
std::string csrf_field(const Context& ctx);
// html_escape, short.
inline std::string esc(std::string_view text) { return html_escape(text); }
// A path is one of ours when it starts with "/admin" and cannot leave the site ("//", "\").
bool is_local_admin_path(std::string_view path);
// A path on this site ("/history", "/admin/x"), never another host ("//evil", "https://…", "\").
bool is_local_path(std::string_view path);
// The redirect after a login: back to where the reader was sent from, which on a private page
// may be a public path (/history); anything else goes to /admin.
web::Response redirect_after_login(std::string_view location);

}  // namespace pharos::admin
