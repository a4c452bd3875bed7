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
  router.set_fallback([&cache](const Request& request) { return cache.serve(request); });
}

}  // namespace pharos::web
