// The OpenAPI 3.0 document of /api/manage/v1: the shared part (info, security, common
// parameters, responses and schemas) merged with each resource's part (openapi/<part>.json,
// handed over with its route table by routes_<resource>.cpp; openapi_parts.h), and the answers of
// the guard every route stands behind (401, and 403 where the route needs more than the least
// scope), which follow from the route table. tests/unit/manage/openapi_test.cpp fails when the
// document and the router disagree or a $ref does not resolve.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "manage/api_support.h"
#include "manage/openapi_parts.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;

// Adds every member of `from` to `into`; a name defined twice is a programming error caught by
// the first test or start that builds the document.
void merge(json::object& into, const json::object& from, std::string_view what) {
  for (const auto& [key, value] : from) {
    if (into.contains(key)) {
      throw std::logic_error("OpenAPI " + std::string(what) + " '" + std::string(key) +
                             "' is defined twice");
    }
    into[key] = value;
  }
}

// The guard's answers (api_support.h: guard) on every operation of `resource`: 401 without a
// valid token, 403 when the route needs more than the least scope. Responses sorted by code.
void add_guard_responses(json::object& paths, const detail::Resource& resource) {
  for (const auto& route : resource.routes) {
    std::string method(web::to_string(route.method));
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    auto& responses = paths.at(route.path).at(method).at("responses").as_object();
    responses["401"] = json::object{{"$ref", "#/components/responses/Unauthenticated"}};
    if (route.scope != Scope::kRead) {
      responses["403"] = json::object{{"$ref", "#/components/responses/Forbidden"}};
    }
    std::vector<std::string> codes;
    for (const auto& entry : responses) codes.emplace_back(entry.key());
    std::sort(codes.begin(), codes.end());
    json::object sorted;
    for (const auto& code : codes) sorted[code] = std::move(responses.at(code));
    responses = std::move(sorted);
  }
}

std::string build() {
  json::value doc = json::parse(openapi_shared());
  for (const auto& resource : detail::all_resources()) {
    json::object part = json::parse(resource.openapi).as_object();
    merge(doc.at("paths").as_object(), part.at("paths").as_object(), "path");
    add_guard_responses(doc.at("paths").as_object(), resource);
    if (const auto* schemas = part.if_contains("schemas")) {
      merge(doc.at("components").at("schemas").as_object(), schemas->as_object(), "schema");
    }
  }
  return json::serialize(doc) + "\n";
}

}  // namespace

const std::string& openapi_document() {
  static const std::string kDocument = build();
  return kDocument;
}

}  // namespace pharos::manage
