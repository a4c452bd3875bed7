#pragma once
// The socket-free HTTP vocabulary of the web layer: a parsed Request and a Response ready to be
// written. Handlers and the router speak only these types, so they run in-process in tests; the
// server (server/) translates them from and to the wire.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace pharos::web {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method parse_method(std::string_view name);
std::string_view to_string(Method method);

struct Header {
  std::string_view name;
  std::string_view value;
};

// One request. The views point into memory owned by the caller (the session's parser) and are
// valid only while the handler runs.
struct Request {
  Method method = Method::kGet;
  std::string path;   // percent-decoded path, without the query
  std::string query;  // raw query string without '?'
  std::vector<Header> headers;
  std::string_view body;
  // Path parameters bound by the router ("{id}" → params["id"]).
  std::vector<std::pair<std::string, std::string>> params;
  // The client's IP address as the socket sees it ("127.0.0.1", "::1"); empty when unknown
  // (tests calling the router directly). Forwarded-for headers are not trusted: a proxy in front
  // makes every client one address, which per-address limits must then tolerate.
  std::string_view peer_address;

  // The first header named `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
  // A path parameter, or empty.
  std::string_view param(std::string_view name) const;
  // A query parameter (not decoded beyond '+' and %XX), or empty.
  std::string query_param(std::string_view name) const;
};

// One response. The body is either owned (`body`) or a view into memory kept alive by `owner`
// (a rendered snapshot); the server writes `shared_headers` then `headers`, both as ready
// "Name: value\r\n" lines. Content-Length, Date and Connection are added by the server.
struct Response {
  unsigned status = 200;
  std::string headers;
  std::string body;
  std::string_view shared_headers;
  std::string_view shared_body;
  std::shared_ptr<const void> owner;
  // When >= 0, the same bytes as shared_body in an in-memory file (memfd) also kept alive by
  // `owner`: the server may send it with sendfile(2) instead of copying it through user space.
  int body_fd = -1;
  bool omit_body = false;  // HEAD and 304: Content-Length still describes the body

  std::string_view body_view() const { return owner ? shared_body : std::string_view(body); }
  Response& header(std::string_view name, std::string_view value);

  static Response text(unsigned status, std::string body,
                       std::string_view content_type = "text/plain; charset=utf-8");
  static Response json(unsigned status, std::string body);
};

// The reason phrase of a status code ("Not Found"); "Unknown" for codes Pharos never sends.
std::string_view reason_phrase(unsigned status);

// The one place that maps error kinds to HTTP status codes.
unsigned http_status(ErrorCode code);
// A JSON error body {"error":{"code","message","field"}} with the status of `error.code`.
Response error_response(const Error& error);

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Invalid escapes are kept as-is.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace pharos::web
