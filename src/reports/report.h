#pragma once
// A report: the figures of every component, group, monitor and vendor over one window, as the
// CLI, the management API, the admin Reports page and /uptime show them (one value, one
// serializer: report_format.h).
#include <optional>
#include <string>
#include <vector>

#include "reports/figures.h"
#include "reports/slo.h"
#include "reports/window.h"

namespace pharos::reports {

struct ComponentReport {
  std::string id, name, group_id;
  Availability availability;
  IncidentFigures incidents;
  std::optional<SloStatus> slo;  // when pharos.yaml gives it one (over its own window)
};

struct GroupReport {
  std::string id, name;
  std::vector<std::string> components;  // the ids reported, in page order
  Availability availability;            // the average component (figures.h)
  IncidentFigures incidents;            // incidents touching any of its components, once each
  std::optional<SloStatus> slo;
};

struct MonitorReport {
  std::string name, component;
  MonitorFigures figures;
};

struct VendorReport {
  std::string slug, name;
  IncidentFigures incidents;  // the vendor's incidents overlapping the window
  Millis incident_time{0};    // time with at least one of them open, inside the window
};

struct Report {
  ReportWindow window;
  std::string time_zone;
  bool include_maintenance = false;
  Instant generated_at{};
  std::vector<ComponentReport> components;  // page order
  std::vector<GroupReport> groups;          // page order; only groups with a reported component
  std::vector<MonitorReport> monitors;      // config order; only of reported components
  std::vector<VendorReport> vendors;        // config order, then others seen in the window
};

}  // namespace pharos::reports
