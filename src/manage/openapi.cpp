// The OpenAPI 3.0 document of /api/manage/v1: the shared parts below (info, security, common
// parameters, responses and schemas) merged with each resource's part, kept beside its route
// table in routes_<resource>.cpp, and the answers of the guard every route stands behind (401,
// and 403 where the route needs more than the least scope), which follow from the route table.
// tests/unit/manage/openapi_test.cpp fails when the document and the router disagree or a $ref
// does not resolve.
#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "manage/api_support.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;

constexpr std::string_view kShared = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "Pharos management API",
    "version": "1",
    "description": "Authoring incidents, maintenances and component statuses. Field names follow Statuspage's management API. Authenticate with `Authorization: Bearer phr_…` (pharos token create). Reads need the read scope, changes write, the audit log admin; a token never exceeds its user's role. Every change is recorded in the audit log. Lists take page and per_page (1-100, default 25) and return a plain array; a shorter page is the last. Each token has a request budget (and each address one for unauthenticated requests): when it is spent the answer is 429 with Retry-After and the error code rate_limited."
  },
  "servers": [{"url": "/api/manage/v1"}],
  "security": [{"bearer": []}],
  "paths": {
    "/openapi.json": {
      "get": {"summary": "This document", "operationId": "getOpenApi", "security": [],
        "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "phr_ token from `pharos token create`"}},
    "parameters": {
      "Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9_-]{1,64}$"}},
      "Page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
      "PerPage": {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}}
    },
    "responses": {
      "Incident": {"description": "The incident", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Incident"}}}},
      "Invalid": {"description": "A field is wrong; nothing was stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthenticated": {"description": "No valid token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "Scope or role too low", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "Unknown id", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "Illegal transition or concurrent change", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "field"], "properties": {
        "code": {"type": "string", "enum": ["invalid_argument", "not_found", "conflict", "already_exists", "unauthenticated", "permission_denied", "unavailable", "internal", "rate_limited"]},
        "message": {"type": "string"}, "field": {"type": "string", "nullable": true, "description": "Dotted path of the field, e.g. incident.components.api"}}}}},
      "ComponentStatus": {"type": "string", "enum": ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]},
      "IncidentStatus": {"type": "string", "enum": ["investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled", "in_progress", "verifying", "completed"]},
      "Impact": {"type": "string", "enum": ["none", "maintenance", "minor", "major", "critical"]},
      "ComponentStatuses": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ComponentStatus"}, "description": "component id → new status"}
    }
  }
})json";

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
  json::value doc = json::parse(kShared);
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
