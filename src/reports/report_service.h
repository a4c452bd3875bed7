#pragma once
// The one service every report surface calls (pharos report, GET /api/manage/v1/reports/…,
// /uptime, the admin Reports page, the burn-rate alerts): reads component status history,
// monitor coverage and rollups, incidents and maintenances from the stores and hands them to the
// pure arithmetic of figures.h and slo.h.
//
// Thread-safe: it holds no state beyond its references; the stores serialise.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "domain/slo.h"
#include "reports/report.h"
#include "storage/results_store.h"
#include "storage/store.h"

namespace pharos::reports {

struct History;  // history.h

// What the reports need to know from pharos.yaml besides the store's catalog.
struct ReportCatalog {
  struct Monitor {
    std::string name, component;
  };
  std::vector<Monitor> monitors;  // config order
  std::vector<SloSpec> slos;
  std::vector<std::pair<std::string, std::string>> vendors;  // slug, display name; config order
};

struct ReportRequest {
  ReportWindow window;
  std::vector<std::string> components;  // ids; empty: every component
  bool include_maintenance = false;
};

// One component on one page-zone day.
struct DayFigures {
  Instant start{};
  StatusTime time;                          // the day, cut at now
  std::vector<std::string> incident_names;  // incidents touching it that day, oldest first
};

struct ComponentDays {
  std::string id, name, group_id;
  std::vector<DayFigures> days;
};

// Own incidents per page-zone week (Monday first): how many started, and the MTTR of those
// resolved that week.
struct WeekFigures {
  Instant start{};
  int started = 0;
  std::optional<Seconds> mttr;
};

class ReportService {
 public:
  // REQUIRES: the stores and clock outlive the service.
  ReportService(Store& store, ResultsStore& results, ReportCatalog catalog, TimeZone zone,
                const Clock& clock);

  const TimeZone& zone() const { return zone_; }
  // The catalog in force (a config reload replaces it; a caller keeps the one it loaded).
  std::shared_ptr<const ReportCatalog> catalog() const { return catalog_.load(); }
  // Replaces the catalog (a config reload: monitors, SLOs, vendors). Thread-safe.
  void set_catalog(ReportCatalog catalog) {
    catalog_.store(std::make_shared<const ReportCatalog>(std::move(catalog)));
  }
  Instant now() const { return clock_.now(); }
  Millis monotonic() const { return clock_.monotonic(); }

  // The windows of window.h, in the page's zone, ending now.
  Result<ReportWindow> window(std::string_view name) const;
  Result<ReportWindow> window(std::string_view from, std::string_view to) const;
  // What a caller asked for, as every surface takes it: a named window, or from (and to); none
  // is 30d. kInvalidArgument for both ("window"), or a `to` without `from` ("from").
  Result<ReportWindow> window(std::string_view name, std::string_view from,
                              std::string_view to) const;

  // kInvalidArgument (field "component") for an id that is no component.
  Result<Report> report(const ReportRequest& request) const;
  // Each component's figures per page-zone day of [from, to) (the days that have begun).
  Result<std::vector<ComponentDays>> daily(Instant from, Instant to,
                                           const std::vector<std::string>& components = {}) const;
  Result<std::vector<WeekFigures>> weekly(Instant from, Instant to) const;
  // Own incidents (not vendors') overlapping the window, oldest first.
  Result<std::vector<Incident>> incidents(TimeRange window) const;
  // Every configured SLO over its own window ending now, with burn rates and the alert level.
  Result<std::vector<SloStatus>> slos() const;
  // An SLO's budget remaining at the end of each page-zone day of its current window.
  Result<std::vector<std::pair<Instant, double>>> burn_down(const SloSpec& spec) const;

 private:
  Result<History> load(TimeRange range, const std::vector<std::string>& only) const;
  Result<std::vector<MonitorReport>> monitor_reports(const History& h, TimeRange window,
                                                     UptimeRule rule) const;

  Store& store_;
  ResultsStore& results_;
  std::atomic<std::shared_ptr<const ReportCatalog>> catalog_;
  TimeZone zone_;
  const Clock& clock_;
};

}  // namespace pharos::reports
