// The OpenAPI 3.0 document of /api/manage/v1. Kept by hand beside the route table in routes.cpp;
// tests/unit/manage/openapi_test.cpp fails when the two disagree.
#include "manage/manage_api.h"

namespace pharos::manage {

const std::string& openapi_document() {
  static const std::string kDocument = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "Pharos management API",
    "version": "1",
    "description": "Authoring incidents, maintenances and component statuses. Field names follow Statuspage's management API. Authenticate with `Authorization: Bearer phr_…` (pharos token create). Reads need the read scope, changes write, the audit log admin; a token never exceeds its user's role. Every change is recorded in the audit log."
  },
  "servers": [{"url": "/api/manage/v1"}],
  "security": [{"bearer": []}],
  "paths": {
    "/components": {
      "get": {"summary": "List components", "operationId": "listComponents",
        "responses": {"200": {"description": "Components in page order",
          "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Component"}}}}},
          "401": {"$ref": "#/components/responses/Unauthenticated"}}}
    },
    "/components/{id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "patch": {"summary": "Set a component's status, or hand it back to automation with \"auto\"", "operationId": "updateComponent",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ComponentPatch"}}}},
        "responses": {"200": {"description": "The component", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Component"}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/incidents": {
      "get": {"summary": "List incidents and maintenances, newest first", "operationId": "listIncidents",
        "parameters": [{"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/PerPage"}],
        "responses": {"200": {"description": "One page", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"}}},
      "post": {"summary": "Open an incident", "operationId": "createIncident",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentCreate"}}}},
        "responses": {"201": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}
    },
    "/incidents/{id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "get": {"summary": "One incident with its updates", "operationId": "getIncident",
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "404": {"$ref": "#/components/responses/NotFound"}}},
      "patch": {"summary": "Post an update: status, body, impact, component statuses", "operationId": "updateIncident",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentUpdate"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}},
      "delete": {"summary": "Delete an incident (returns it as it was)", "operationId": "deleteIncident",
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/incidents/{id}/resolve": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Resolve (maintenance: complete), with an optional closing note", "operationId": "resolveIncident",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentResolve"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/incidents/{id}/reopen": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "post": {"summary": "Reopen a resolved incident (status defaults to investigating)", "operationId": "reopenIncident",
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncidentUpdate"}}}},
        "responses": {"200": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/maintenances": {
      "post": {"summary": "Schedule a maintenance", "operationId": "createMaintenance",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MaintenanceCreate"}}}},
        "responses": {"201": {"$ref": "#/components/responses/Incident"}, "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}
    },
    "/audit": {
      "get": {"summary": "The audit log, newest first (admin scope)", "operationId": "listAudit",
        "parameters": [{"$ref": "#/components/parameters/Page"}, {"$ref": "#/components/parameters/PerPage"}],
        "responses": {"200": {"description": "One page", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}}
    },
    "/users": {
      "get": {"summary": "List users (admin scope)", "operationId": "listUsers",
        "responses": {"200": {"description": "Users by name", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "Add a user (admin scope)", "operationId": "createUser",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserCreate"}}}},
        "responses": {"201": {"description": "The user", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/users/{name}": {
      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
      "delete": {"summary": "Remove a user and its tokens (not the last admin)", "operationId": "removeUser",
        "responses": {"200": {"description": "Removed"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"}}}
    },
    "/tokens": {
      "get": {"summary": "List tokens, never the tokens themselves (admin scope)", "operationId": "listTokens",
        "parameters": [{"name": "user", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Newest first", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Token"}}}}},
          "401": {"$ref": "#/components/responses/Unauthenticated"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}}},
      "post": {"summary": "Create a token; the response carries it once (admin scope)", "operationId": "createToken",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TokenCreate"}}}},
        "responses": {"201": {"description": "The token, with `token` set this once", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}}},
          "400": {"$ref": "#/components/responses/Invalid"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/tokens/{id}": {
      "parameters": [{"$ref": "#/components/parameters/Id"}],
      "delete": {"summary": "Revoke a token (admin scope)", "operationId": "revokeToken",
        "responses": {"200": {"description": "Revoked"}, "401": {"$ref": "#/components/responses/Unauthenticated"},
          "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
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
        "code": {"type": "string", "enum": ["invalid_argument", "not_found", "conflict", "already_exists", "unauthenticated", "permission_denied", "unavailable", "internal"]},
        "message": {"type": "string"}, "field": {"type": "string", "nullable": true, "description": "Dotted path of the field, e.g. incident.components.api"}}}}},
      "ComponentStatus": {"type": "string", "enum": ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]},
      "IncidentStatus": {"type": "string", "enum": ["investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled", "in_progress", "verifying", "completed"]},
      "Impact": {"type": "string", "enum": ["none", "maintenance", "minor", "major", "critical"]},
      "ComponentStatuses": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ComponentStatus"}, "description": "component id → new status"},
      "Component": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
        "group_id": {"type": "string", "nullable": true}, "position": {"type": "integer"}, "status": {"$ref": "#/components/schemas/ComponentStatus"},
        "automatic": {"type": "boolean"}, "showcase": {"type": "boolean"}, "only_show_if_degraded": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
      "ComponentPatch": {"type": "object", "required": ["component"], "additionalProperties": false, "properties": {"component": {"type": "object", "required": ["status"], "additionalProperties": false,
        "properties": {"status": {"oneOf": [{"$ref": "#/components/schemas/ComponentStatus"}, {"type": "string", "enum": ["auto"]}]}}}}},
      "IncidentUpdateView": {"type": "object", "properties": {"id": {"type": "string"}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "body": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}, "display_at": {"type": "string", "format": "date-time"},
        "deliver_notifications": {"type": "boolean"}, "reopened": {"type": "boolean"}, "author": {"type": "string"},
        "affected_components": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "old_status": {"$ref": "#/components/schemas/ComponentStatus"}, "new_status": {"$ref": "#/components/schemas/ComponentStatus"}}}}}},
      "Incident": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string", "enum": ["incident", "maintenance"]}, "name": {"type": "string"},
        "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact": {"$ref": "#/components/schemas/Impact"},
        "impact_override": {"allOf": [{"$ref": "#/components/schemas/Impact"}], "nullable": true},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}, "started_at": {"type": "string", "format": "date-time"},
        "monitoring_at": {"type": "string", "format": "date-time", "nullable": true}, "resolved_at": {"type": "string", "format": "date-time", "nullable": true},
        "scheduled_for": {"type": "string", "format": "date-time", "nullable": true}, "scheduled_until": {"type": "string", "format": "date-time", "nullable": true},
        "source": {"type": "string"}, "reopen_count": {"type": "integer"}, "version": {"type": "integer"},
        "component_ids": {"type": "array", "items": {"type": "string"}},
        "incident_updates": {"type": "array", "items": {"$ref": "#/components/schemas/IncidentUpdateView"}, "description": "newest first"}}},
      "IncidentCreate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
        "name": {"type": "string", "maxLength": 255}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "body": {"type": "string", "maxLength": 25000}, "components": {"$ref": "#/components/schemas/ComponentStatuses"},
        "component_ids": {"type": "array", "items": {"type": "string"}}, "deliver_notifications": {"type": "boolean", "default": true}}}}},
      "MaintenanceCreate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "required": ["name", "scheduled_for", "scheduled_until"], "additionalProperties": false, "properties": {
        "name": {"type": "string", "maxLength": 255}, "status": {"$ref": "#/components/schemas/IncidentStatus"}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "body": {"type": "string", "maxLength": 25000}, "components": {"$ref": "#/components/schemas/ComponentStatuses"},
        "component_ids": {"type": "array", "items": {"type": "string"}}, "deliver_notifications": {"type": "boolean", "default": true},
        "scheduled_for": {"type": "string", "format": "date-time"}, "scheduled_until": {"type": "string", "format": "date-time"},
        "scheduled_auto_transition": {"type": "boolean", "default": true}}}}},
      "IncidentUpdate": {"type": "object", "required": ["incident"], "additionalProperties": false, "properties": {"incident": {"type": "object", "additionalProperties": false, "properties": {
        "status": {"$ref": "#/components/schemas/IncidentStatus"}, "body": {"type": "string", "maxLength": 25000}, "impact_override": {"$ref": "#/components/schemas/Impact"},
        "components": {"$ref": "#/components/schemas/ComponentStatuses"}, "deliver_notifications": {"type": "boolean", "default": true}}}}},
      "IncidentResolve": {"type": "object", "additionalProperties": false, "properties": {"incident": {"type": "object", "additionalProperties": false, "properties": {"body": {"type": "string", "maxLength": 25000}}}}},
      "User": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "role": {"type": "string", "enum": ["admin", "responder", "viewer"]},
        "created_at": {"type": "string", "format": "date-time"}}},
      "UserCreate": {"type": "object", "required": ["user"], "additionalProperties": false, "properties": {"user": {"type": "object", "required": ["name", "password"], "additionalProperties": false, "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9._-]{1,64}$"}, "role": {"type": "string", "enum": ["admin", "responder", "viewer"], "default": "viewer"},
        "password": {"type": "string", "minLength": 12, "maxLength": 1024}}}}},
      "Token": {"type": "object", "properties": {"id": {"type": "string"}, "user_id": {"type": "string"}, "label": {"type": "string"}, "hint": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string", "enum": ["read", "write", "admin"]}}, "created_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time", "nullable": true}, "revoked_at": {"type": "string", "format": "date-time", "nullable": true},
        "active": {"type": "boolean"}, "token": {"type": "string", "description": "Only in the response that created it"}}},
      "TokenCreate": {"type": "object", "required": ["token"], "additionalProperties": false, "properties": {"token": {"type": "object", "required": ["user", "scopes"], "additionalProperties": false, "properties": {
        "user": {"type": "string"}, "label": {"type": "string", "maxLength": 255},
        "scopes": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["read", "write", "admin"]}},
        "expires_at": {"type": "string", "description": "ISO-8601 time or a duration such as 30d, 12h, 90m"}}}}},
      "AuditEntry": {"type": "object", "properties": {"seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
        "action": {"type": "string"}, "target": {"type": "string"}, "before": {"type": "string", "description": "JSON text; empty when created"}, "after": {"type": "string", "description": "JSON text; empty when deleted"}}}
    }
  }
}
)json";
  return kDocument;
}

}  // namespace pharos::manage
