#pragma once
// The Reports page's charts (svg_chart.h's series charts): uptime per day (the average
// component), incidents started per week, the MTTR of the incidents resolved each week, and each
// SLO's error-budget burn-down. Internal to the admin module.
#include <string>
#include <vector>

#include "admin/admin_ui.h"
#include "reports/report_service.h"

namespace pharos::admin {

// The charts' HTML (headings and inline <svg>s) for `report`'s window; a read that fails shows
// its message in place of its chart.
std::string report_charts(const Services& services, const reports::ReportService& service,
                          const reports::Report& report,
                          const std::vector<reports::SloStatus>& slos);

}  // namespace pharos::admin
