#pragma once
// The public /uptime page's figures (site/html_uptime.cpp renders them), computed by the report
// service and handed to the site through a SiteExtension: site never sees the reports module.
#include "reports/report_service.h"
#include "site/site_builder.h"

namespace pharos::reports {

// Fills SiteData::uptime_page on every site rebuild: each showcased component's uptime over the
// last 30, 90 and 365 days (days in the page zone, today included) and its days since the 1st
// of the oldest calendar month shown. Also replaces the past days of the front page's 90-day bars
// (SiteData::uptime) with the same figures, so both pages count observed time alike. The figures
// are computed at most once per `refresh` (a year of history for every component is not worth
// recomputing on every store change) and kept when a read fails. REQUIRES: `service` outlives the
// extension.
site::SiteExtension uptime_site_extension(const ReportService& service,
                                          Millis refresh = std::chrono::minutes(1));

}  // namespace pharos::reports
