#include "web/access.h"

#include <cctype>

namespace pharos::web {

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Requests that are not a person's browser: they get a 401 they can act on, not a login page.
// Badges (.svg) and the widget script (.js) are loaded by <img> and <script> elements of other
// pages, where a login page could not be shown.
bool machine_request(const Request& r) {
  std::string_view path = r.path;
  return path.rfind("/api/", 0) == 0 || path == "/metrics" || !r.header("Authorization").empty() ||
         ends_with(path, ".json") || ends_with(path, ".atom") || ends_with(path, ".rss") ||
         ends_with(path, ".xml") || ends_with(path, ".svg") || ends_with(path, ".js") ||
         path.find("/feed") != std::string_view::npos;
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

}  // namespace

Response refuse_private(const Request& request, Access why) {
  if (why == Access::kOtherPage) {
    Response r = error_response(
        {ErrorCode::kPermissionDenied, "this token is not allowed on this status page", ""});
    r.header("Cache-Control", "no-store");
    return r;
  }
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

}  // namespace pharos::web
