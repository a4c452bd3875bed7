// /api/manage/v1/reports/availability: the report of `pharos report --format json` over a window
// (reports/report_service.h; the definitions are docs/reports.md's). Read scope.
#include "manage/api_support.h"
#include "manage/openapi_parts.h"
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

}  // namespace

Resource report_resource() { return {kRoutes, openapi_reports()}; }

}  // namespace pharos::manage::detail
