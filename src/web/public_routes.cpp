#include "web/public_routes.h"

namespace pharos::web {

void add_public_routes(Router& router, const SiteCache& cache) {
  router.add(Method::kGet, "/healthz", [](const Request&) {
    return Response::text(200, "ok\n");
  });
  // Ready: the store answered the last poll (every 250 ms) and a snapshot is built. Uses the
  // poll's result so a probe never touches the database.
  router.add(Method::kGet, "/readyz", [&cache](const Request&) {
    if (cache.ready()) return Response::text(200, "ready\n");
    return Response::text(503, "not ready: store unreachable or site not rendered yet\n");
  });
  // History pages are rendered as "/history?page=N" and also answer at "/history/page/N" (the
  // form the pager links use, which works in a static export). Other query parameters are
  // ignored; an out-of-range or malformed page is a 404, not page 1.
  auto history = [&cache](const Request& request, std::string page) {
    if (page.empty()) page = "1";
    if (page.size() > 6 || page.find_first_not_of("0123456789") != std::string::npos) {
      return error_response(Error::not_found("no such history page", "page"));
    }
    Request lookup = request;
    lookup.path.assign("/history?page=").append(page);
    lookup.query.clear();
    return cache.serve(lookup);
  };
  router.add(Method::kGet, "/history", [history](const Request& request) {
    return history(request, request.query_param("page"));
  });
  router.add(Method::kGet, "/history/page/{n}", [history](const Request& request) {
    return history(request, std::string(request.param("n")));
  });
  router.set_fallback([&cache](const Request& request) { return cache.serve(request); });
}

}  // namespace pharos::web
