#pragma once
// The report's wire forms, written in one place for every surface: JSON (pharos report
// --format json and GET /api/manage/v1/reports/availability), CSV (one row per component with a
// header row) and the CLI's table.
//
// JSON: {"window":{"label","from","to","time_zone","include_maintenance"}, "generated_at",
//        "components":[{"id","name","group","uptime_percent","downtime_seconds",
//          "observed_seconds","measured_seconds","no_data_seconds","maintenance_seconds",
//          "degraded_seconds","partial_outage_seconds","major_outage_seconds","incidents",
//          "incidents_by_impact":{"none","minor","major","critical"},"mttd_seconds",
//          "mtta_seconds","mttr_seconds","mttd_incidents","mtta_incidents","mttr_incidents",
//          "longest_incident_seconds","longest_incident_id","slo"}],
//        "groups":[…], "monitors":[…], "vendors":[…]}
// Times ISO-8601 UTC; durations whole seconds; uptime_percent truncated to 4 decimals and null
// when there is no data, as are the mean times without incidents to average.
#include <string>

#include <boost/json.hpp>

#include "core/time.h"
#include "reports/report.h"

namespace pharos::reports {

boost::json::object report_json(const Report& report);
boost::json::object slo_json(const SloStatus& slo);
// JSON text with plain decimals (99.9583, not Boost.JSON's 9.99583E1).
std::string json_text(const boost::json::value& value);

// Header + one row per component (RFC 4180 quoting; empty fields for null).
std::string report_csv(const Report& report);
// The same as aligned text for people, components, groups, monitors, vendors and SLOs.
std::string report_table(const Report& report, const TimeZone& zone);

// How the reports for people (the table, the admin's Reports page) print times: a length in
// milliseconds rounded to whole seconds, and a mean time (MTTD, MTTR), short ("2h 5m", "0s").
std::string duration_text(double ms);
std::string mean_text(Seconds mean);

}  // namespace pharos::reports
