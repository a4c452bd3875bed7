// /api/manage/v1/reports/availability: the report of `pharos report --format json` over a window
// (reports/report_service.h; the definitions are docs/reports.md's). Read scope.
#include "manage/api_support.h"
#include "reports/report_format.h"
#include "reports/report_service.h"

namespace pharos::manage::detail {
namespace {

using M = web::Method;

// "api,auth" → {"api", "auth"}; empty items are skipped.
std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<reports::ReportRequest> parse_request(const reports::ReportService& service,
                                             const web::Request& r) {
  std::string window = r.query_param("window"), from = r.query_param("from");
  std::string to = r.query_param("to"), maintenance = r.query_param("include_maintenance");
  auto chosen = service.window(window, from, to);
  if (!chosen) return chosen.error();
  if (!maintenance.empty() && maintenance != "true" && maintenance != "false") {
    return Error::invalid("use true or false", "include_maintenance");
  }
  return reports::ReportRequest{*chosen, split_ids(r.query_param("component")),
                                maintenance == "true"};
}

web::Response availability(Api& api, const web::Request& r, const auth::Principal&) {
  if (!api.services.reports) {
    return fail(Error::unavailable("reports are not available in this process"));
  }
  auto request = parse_request(*api.services.reports, r);
  if (!request) return fail(request.error());
  auto report = api.services.reports->report(*request);
  if (!report) return fail(report.error());
  return no_store(
      web::Response::json(200, reports::json_text(reports::report_json(*report)) + "\n"));
}

constexpr Route kRoutes[] = {
    {M::kGet, "/reports/availability", Scope::kRead, &availability},
};

constexpr std::string_view kOpenApi = R"json({
  "paths": {
    "/reports/availability": {
      "get": {"summary": "Uptime, downtime, incidents, MTTD/MTTA/MTTR and SLOs per component, group, monitor and vendor over a window (docs/reports.md)", "operationId": "getAvailabilityReport",
        "parameters": [
          {"name": "window", "in": "query", "schema": {"type": "string", "default": "30d", "example": "this_month"}, "description": "24h, 7d, 30d, 90d, 365d, any <N>h or <N>d, this_month or last_month, in the page's time zone; not with from"},
          {"name": "from", "in": "query", "schema": {"type": "string", "example": "2026-10-01"}, "description": "YYYY-MM-DD (midnight in the page's time zone) or ISO-8601 with an offset"},
          {"name": "to", "in": "query", "schema": {"type": "string"}, "description": "Likewise; default now, and never after now"},
          {"name": "component", "in": "query", "schema": {"type": "string", "example": "api,auth"}, "description": "Only these component ids, comma-separated"},
          {"name": "include_maintenance", "in": "query", "schema": {"type": "boolean", "default": false}, "description": "Count maintenance as downtime instead of leaving it out"}
        ],
        "responses": {
          "200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AvailabilityReport"}}}},
          "400": {"$ref": "#/components/responses/Invalid"}}}
    }
  },
  "schemas": {
    "AvailabilityReport": {"type": "object", "required": ["window", "generated_at", "components", "groups", "monitors", "vendors"], "properties": {
      "window": {"type": "object", "properties": {"label": {"type": "string"}, "from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"}, "time_zone": {"type": "string"}, "include_maintenance": {"type": "boolean"}}},
      "generated_at": {"type": "string", "format": "date-time"},
      "components": {"type": "array", "items": {"$ref": "#/components/schemas/ReportFigures"}},
      "groups": {"type": "array", "items": {"$ref": "#/components/schemas/ReportFigures"}},
      "monitors": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "component": {"type": "string"}, "uptime_percent": {"type": "number", "nullable": true},
        "downtime_seconds": {"type": "integer"}, "measured_seconds": {"type": "integer"}, "no_data_seconds": {"type": "integer"},
        "checks": {"type": "integer"}, "failures": {"type": "integer"}}}},
      "vendors": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "incidents": {"type": "integer"}, "incident_seconds": {"type": "integer"},
        "mttd_seconds": {"type": "integer", "nullable": true}, "mttr_seconds": {"type": "integer", "nullable": true}}}}}},
    "ReportFigures": {"type": "object", "properties": {
      "id": {"type": "string"}, "name": {"type": "string"}, "group": {"type": "string", "nullable": true},
      "components": {"type": "array", "items": {"type": "string"}, "description": "groups: the components averaged"},
      "uptime_percent": {"type": "number", "nullable": true, "description": "Truncated to 4 decimals; null when nothing was measured (no data)"},
      "downtime_seconds": {"type": "integer"}, "measured_seconds": {"type": "integer"}, "observed_seconds": {"type": "integer"},
      "no_data_seconds": {"type": "integer"}, "maintenance_seconds": {"type": "integer"}, "degraded_seconds": {"type": "integer"},
      "partial_outage_seconds": {"type": "integer"}, "major_outage_seconds": {"type": "integer"},
      "incidents": {"type": "integer"},
      "incidents_by_impact": {"type": "object", "properties": {"none": {"type": "integer"}, "minor": {"type": "integer"}, "major": {"type": "integer"}, "critical": {"type": "integer"}}},
      "mttd_seconds": {"type": "integer", "nullable": true}, "mtta_seconds": {"type": "integer", "nullable": true}, "mttr_seconds": {"type": "integer", "nullable": true},
      "mttd_incidents": {"type": "integer"}, "mtta_incidents": {"type": "integer"}, "mttr_incidents": {"type": "integer"},
      "longest_incident_seconds": {"type": "integer", "nullable": true}, "longest_incident_id": {"type": "string", "nullable": true},
      "slo": {"type": "object", "nullable": true, "properties": {
        "target_percent": {"type": "number"}, "window": {"type": "string"}, "uptime_percent": {"type": "number", "nullable": true},
        "budget_seconds": {"type": "integer"}, "spent_seconds": {"type": "integer"}, "budget_remaining_percent": {"type": "number"},
        "burn_rates": {"type": "object", "additionalProperties": {"type": "number", "nullable": true}, "description": "5m, 30m, 1h, 6h, 3d"},
        "alert": {"type": "string", "enum": ["none", "slow", "fast"]}, "alert_reason": {"type": "string"}}}}}
  }
})json";

}  // namespace

Resource report_resource() { return {kRoutes, kOpenApi}; }

}  // namespace pharos::manage::detail
