#include "web/router.h"

#include <exception>

#include "core/log.h"

namespace pharos::web {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Literal segments count more than parameters, so "/incidents/unresolved" beats "/incidents/{id}".
int specificity(const std::vector<std::string>& segments) {
  int score = 0;
  for (const auto& s : segments) score = score * 2 + (is_param(s) ? 0 : 1);
  return score;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler) {
  std::vector<std::string> segments;
  for (auto s : split_path(pattern)) segments.emplace_back(s);
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.handler = std::move(handler);
      return;
    }
  }
  routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
  std::vector<std::pair<Method, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& path,
                   std::vector<std::pair<std::string, std::string>>& params) {
  if (route.segments.size() != path.size()) return false;
  params.clear();
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& want = route.segments[i];
    if (is_param(want)) {
      params.emplace_back(want.substr(1, want.size() - 2), std::string(path[i]));
    } else if (want != path[i]) {
      return false;
    }
  }
  return true;
}

Response Router::dispatch(const Handler& handler, Request& request) const {
  try {
    Response response = handler(request);
    if (request.method == Method::kHead) response.omit_body = true;
    return response;
  } catch (const std::exception& e) {
    log::error("http.handler_failed", {log::kv("path", request.path), log::kv("error", e.what())});
    return error_response(Error::internal("the request could not be handled"));
  }
}

Router::Resolved Router::resolve(Request& request) const {
  auto path = split_path(request.path);
  Method lookup = request.method == Method::kHead ? Method::kGet : request.method;
  Resolved resolved;
  int best_score = -1;
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& route : routes_) {
    if (!match(route, path, params)) continue;
    if (route.method != lookup) {
      if (!resolved.allow.empty()) resolved.allow += ", ";
      resolved.allow += to_string(route.method);
      continue;
    }
    int score = specificity(route.segments);
    if (score > best_score) {
      resolved.route = &route;
      best_score = score;
    }
  }
  if (resolved.route) match(*resolved.route, path, request.params);
  return resolved;
}

Response Router::answer(Request& request, const Resolved& resolved) const {
  if (resolved.route) {
    Response r = dispatch(resolved.route->handler, request);
    if (after_) after_(request, r);
    return r;
  }
  Method lookup = request.method == Method::kHead ? Method::kGet : request.method;
  if (lookup == Method::kGet && fallback_) return dispatch(fallback_, request);
  if (!resolved.allow.empty()) {
    Response r = error_response(
        {ErrorCode::kInvalidArgument, "method not allowed here; use " + resolved.allow, "method"});
    r.status = 405;
    r.header("Allow", resolved.allow);
    return r;
  }
  Response r = error_response(Error::not_found("no such page: " + request.path));
  if (request.method == Method::kHead) r.omit_body = true;
  return r;
}

Response Router::handle(Request& request) const { return answer(request, resolve(request)); }

}  // namespace pharos::web
