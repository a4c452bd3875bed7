#include "web/public_routes.h"

#include <cctype>

namespace pharos::web {

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Requests that are not a person's browser: they get a 401 they can act on, not a login page.
bool machine_request(const Request& r) {
  std::string_view path = r.path;
  return path.rfind("/api/", 0) == 0 || !r.header("Authorization").empty() ||
         ends_with(path, ".json") || ends_with(path, ".atom") || ends_with(path, ".rss") ||
         ends_with(path, ".xml") || path.find("/feed") != std::string_view::npos;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The snapshot's shared headers say "Cache-Control: public"; a private page's answer must not
// be kept by shared caches, so that line is replaced (the body stays shared, not copied).
Response make_private(Response r) {
  std::string all = std::string(r.shared_headers) + r.headers;
  std::string kept;
  std::string_view rest = all;
  while (!rest.empty()) {
    auto end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 2);
    rest.remove_prefix(line.size());
    if (line.rfind("Cache-Control:", 0) != 0) kept.append(line);
  }
  r.headers = std::move(kept);
  r.shared_headers = {};
  r.header("Cache-Control", "private, no-cache");
  r.header("Vary", "Authorization, Cookie");
  return r;
}

Handler gated(AccessCheck check, Handler handler) {
  if (!check) return handler;
  return [check = std::move(check), handler = std::move(handler)](const Request& request) {
    if (!check(request)) return refuse_private(request);
    return make_private(handler(request));
  };
}

}  // namespace

Response refuse_private(const Request& request) {
  if (machine_request(request)) {
    Response r = error_response(
        {ErrorCode::kUnauthenticated,
         "this status page is private: send a Bearer token with the read scope", ""});
    r.header("WWW-Authenticate", "Bearer realm=\"pharos\"");
    r.header("Cache-Control", "no-store");
    return r;
  }
  std::string next = request.path;
  if (!request.query.empty()) next.append("?").append(request.query);
  Response r = Response::text(303, "This status page is private; log in first.\n");
  r.header("Location", "/admin/login?next=" + percent_encode(next));
  r.header("Cache-Control", "no-store");
  return r;
}

void add_public_routes(Router& router, const SiteCache& cache, AccessCheck private_check) {
  router.add(Method::kGet, "/healthz", [](const Request&) { return Response::text(200, "ok\n"); });
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
  router.add(Method::kGet, "/history", gated(private_check, [history](const Request& request) {
               return history(request, request.query_param("page"));
             }));
  router.add(Method::kGet, "/history/page/{n}",
             gated(private_check, [history](const Request& request) {
               return history(request, std::string(request.param("n")));
             }));
  router.set_fallback(
      gated(private_check, [&cache](const Request& request) { return cache.serve(request); }));
}

}  // namespace pharos::web
