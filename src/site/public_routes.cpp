#include "site/public_routes.h"

namespace pharos::site {

using web::Handler;
using web::Method;
using web::Request;
using web::Response;

namespace {

// The snapshot's shared headers say "Cache-Control: public"; a private page's answer must not
// be kept by shared caches, so that line is replaced (the body stays shared, not copied). Nor
// may another site's script read it with the visitor's credentials: the CORS header the public
// JSON carries is dropped.
Response make_private(Response r) {
  std::string all = std::string(r.shared_headers) + r.headers;
  std::string kept;
  std::string_view rest = all;
  while (!rest.empty()) {
    auto end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 2);
    rest.remove_prefix(line.size());
    if (line.rfind("Cache-Control:", 0) != 0 &&
        line.rfind("Access-Control-Allow-Origin:", 0) != 0) {
      kept.append(line);
    }
  }
  r.headers = std::move(kept);
  r.shared_headers = {};
  r.header("Cache-Control", "private, no-cache");
  r.header("Vary", "Authorization, Cookie");
  return r;
}

// Serves `target` of the page the request is for, behind that page's access check.
using PageHandler = std::function<Response(const Request&, const PageTarget&)>;
Handler gated(const SiteCache& cache, web::AccessCheck check, PageHandler handler) {
  return [&cache, check = std::move(check), handler = std::move(handler)](const Request& request) {
    PageTarget target = cache.resolve(request);
    web::Access access = check ? check(request, target.slug) : web::Access::kPublic;
    if (access == web::Access::kPublic) return handler(request, target);
    if (access != web::Access::kAllowed) return web::refuse_private(request, access);
    return make_private(handler(request, target));
  };
}

// "/history", "/history/page/N" and "/history/page/N/" → the N of the history page, "" for the
// first; nullopt for any other path.
std::optional<std::string> history_page(std::string_view path) {
  if (path == "/history" || path == "/history/") return std::string();
  constexpr std::string_view kPrefix = "/history/page/";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  if (path.ends_with('/')) path.remove_suffix(1);
  return std::string(path);
}

}  // namespace

void add_public_routes(web::Router& router, const SiteCache& cache, web::AccessCheck check,
                       ReadinessNote note) {
  router.add(Method::kGet, "/healthz", [](const Request&) { return Response::text(200, "ok\n"); });
  // Ready: the store answered the last poll (every 250 ms) and a snapshot is built. Degraded
  // (still 200: the pages are served) while the store is unreachable after a snapshot was
  // built. Uses the poll's result so a probe never touches the database, and says no more than
  // "unreachable": the address and the driver's error are for the logs.
  router.add(Method::kGet, "/readyz", [&cache, note = std::move(note)](const Request&) {
    std::string more = note ? note() : "";
    if (cache.ready()) return Response::text(200, "ready\n" + more);
    auto since = cache.store_unreachable_since();
    if (cache.current() && since) {
      return Response::text(
          200, "degraded: the database is unreachable since " + format_iso_utc(*since) +
                   "; serving the last snapshot, results held in memory\n" + more);
    }
    return Response::text(503, "not ready: store unreachable or site not rendered yet\n" + more);
  });
  // History pages are rendered as "/history?page=N" and also answer at "/history/page/N" (the
  // form the pager links use, which works in a static export), on every page ("/internal/history
  // /page/2"). Other query parameters are ignored; an out-of-range or malformed page is a 404,
  // not page 1.
  auto serve = [&cache](const Request& request, const PageTarget& target) {
    auto history = history_page(target.path);
    if (!history) return cache.serve(target, request);
    std::string page = *history;
    if (page.empty()) page = request.query_param("page");
    if (page.empty()) page = "1";
    if (page.size() > 6 || page.find_first_not_of("0123456789") != std::string::npos) {
      return web::error_response(Error::not_found("no such history page", "page"));
    }
    Request lookup = request;
    lookup.query.clear();
    return cache.serve(PageTarget{target.slug, "/history?page=" + page}, lookup);
  };
  router.add(Method::kGet, "/history", gated(cache, check, serve));
  router.add(Method::kGet, "/history/page/{n}", gated(cache, check, serve));
  router.set_fallback(gated(cache, check, serve));
}

}  // namespace pharos::site
