#include "domain/rollup.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

using C = ComponentStatus;

std::vector<Component> components(std::initializer_list<C> statuses) {
  std::vector<Component> out;
  int n = 0;
  for (C s : statuses) {
    Component c;
    c.id = "c" + std::to_string(++n);
    c.status = s;
    out.push_back(c);
  }
  return out;
}

std::vector<Component> many(size_t total, size_t bad, C status) {
  std::vector<Component> out(total);
  for (size_t i = 0; i < bad; ++i) out[i].status = status;
  return out;
}

TEST(RollupTest, PageStatusTable) {
  struct Case {
    std::vector<Component> components;
    Indicator indicator;
    const char* description;
  };
  const Case cases[] = {
      {{}, Indicator::kNone, "All Systems Operational"},
      {components({C::kOperational}), Indicator::kNone, "All Systems Operational"},
      // One component, as Statuspage documents.
      {components({C::kUnderMaintenance}), Indicator::kMaintenance, "Service Under Maintenance"},
      {components({C::kDegradedPerformance}), Indicator::kMinor, "Partially Degraded Service"},
      {components({C::kPartialOutage}), Indicator::kMajor, "Partial System Outage"},
      {components({C::kMajorOutage}), Indicator::kCritical, "Major System Outage"},
      // Observed blends: GitHub 1 of 11 partial; Instructure 11 of 24 degraded; Claude 1 of 6.
      {many(11, 1, C::kPartialOutage), Indicator::kMinor, "Minor Service Outage"},
      {many(24, 11, C::kDegradedPerformance), Indicator::kMinor, "Partially Degraded Service"},
      {many(6, 1, C::kDegradedPerformance), Indicator::kMinor, "Partially Degraded Service"},
      {many(4, 4, C::kDegradedPerformance), Indicator::kMinor, "Degraded System Service"},
      {many(4, 2, C::kPartialOutage), Indicator::kMajor, "Partial System Outage"},
      {many(4, 1, C::kMajorOutage), Indicator::kMajor, "Partial System Outage"},
      {many(3, 3, C::kMajorOutage), Indicator::kCritical, "Major System Outage"},
      {components({C::kUnderMaintenance, C::kDegradedPerformance}), Indicator::kMinor,
       "Partially Degraded Service"},
  };
  for (const auto& c : cases) {
    PageStatus s = page_status(c.components, {});
    EXPECT_EQ(s.indicator, c.indicator) << c.description;
    EXPECT_EQ(s.description, c.description);
  }
}

Incident incident(Impact impact, IncidentStatus status) {
  Incident i;
  i.impact = impact;
  i.status = status;
  return i;
}

Incident maintenance(IncidentStatus status) {
  Incident i;
  i.kind = IncidentKind::kMaintenance;
  i.impact = Impact::kMaintenance;
  i.status = status;
  return i;
}

// Components × open incidents → indicator and description: the worse of the component blend and
// the impact of the incidents still being worked on.
TEST(RollupTest, IndicatorIsWorseOfComponentsAndIncidents) {
  using S = IncidentStatus;
  struct Case {
    const char* name;
    std::vector<Component> components;
    std::vector<Incident> open;
    Indicator indicator;
    const char* description;
  };
  const Case cases[] = {
      {"nothing open",
       components({C::kOperational, C::kOperational}),
       {},
       Indicator::kNone,
       "All Systems Operational"},
      {"one of two down, automation's major incident",
       components({C::kMajorOutage, C::kOperational}),
       {incident(Impact::kMajor, S::kInvestigating)},
       Indicator::kMajor,
       "Partial System Outage"},
      {"recovery: incident monitoring, components operational",
       components({C::kOperational, C::kOperational}),
       {incident(Impact::kCritical, S::kMonitoring)},
       Indicator::kNone,
       "All Systems Operational"},
      {"monitoring while a component is still partially out",
       components({C::kPartialOutage, C::kOperational}),
       {incident(Impact::kCritical, S::kMonitoring)},
       Indicator::kMajor,
       "Partial System Outage"},
      {"incident worse than the blend wins",
       many(11, 1, C::kPartialOutage),
       {incident(Impact::kMajor, S::kInvestigating)},
       Indicator::kMajor,
       "Partial System Outage"},
      {"critical incident with one of two down",
       components({C::kMajorOutage, C::kOperational}),
       {incident(Impact::kCritical, S::kIdentified)},
       Indicator::kCritical,
       "Major System Outage"},
      {"blend worse than the incident wins",
       components({C::kMajorOutage, C::kMajorOutage}),
       {incident(Impact::kMinor, S::kInvestigating)},
       Indicator::kCritical,
       "Major System Outage"},
      {"tie: the blend's description",
       components({C::kDegradedPerformance, C::kDegradedPerformance}),
       {incident(Impact::kMinor, S::kInvestigating)},
       Indicator::kMinor,
       "Degraded System Service"},
      {"incident without components",
       components({C::kOperational}),
       {incident(Impact::kMajor, S::kIdentified)},
       Indicator::kMajor,
       "Partial System Outage"},
      {"no components, minor incident",
       {},
       {incident(Impact::kMinor, S::kInvestigating)},
       Indicator::kMinor,
       "Minor Service Outage"},
      {"impact none adds nothing",
       components({C::kOperational}),
       {incident(Impact::kNone, S::kInvestigating)},
       Indicator::kNone,
       "All Systems Operational"},
      {"maintenance in progress",
       {},
       {maintenance(S::kInProgress)},
       Indicator::kMaintenance,
       "Service Under Maintenance"},
      {"maintenance not started",
       {},
       {maintenance(S::kScheduled)},
       Indicator::kNone,
       "All Systems Operational"},
      {"a vendor's incident is not this page's",
       components({C::kOperational}),
       {[] {
         Incident v = incident(Impact::kCritical, S::kInvestigating);
         v.source = IncidentSource::kVendor;
         return v;
       }()},
       Indicator::kNone,
       "All Systems Operational"},
      {"an outage beats maintenance",
       components({C::kOperational}),
       {maintenance(S::kVerifying), incident(Impact::kMinor, S::kInvestigating)},
       Indicator::kMinor,
       "Minor Service Outage"},
  };
  for (const auto& c : cases) {
    PageStatus s = page_status(c.components, c.open);
    EXPECT_EQ(s.indicator, c.indicator) << c.name;
    EXPECT_EQ(s.description, c.description) << c.name;
  }
}

TEST(RollupTest, AutomaticImpactTable) {
  struct Case {
    C status;
    bool critical_component;
    bool whole_page_down;
    Impact impact;
  };
  const Case cases[] = {
      {C::kOperational, false, false, Impact::kNone},
      {C::kUnderMaintenance, true, false, Impact::kNone},
      {C::kDegradedPerformance, false, false, Impact::kMinor},
      {C::kDegradedPerformance, true, false, Impact::kMinor},
      {C::kPartialOutage, false, false, Impact::kMinor},
      {C::kPartialOutage, true, false, Impact::kMajor},
      {C::kMajorOutage, false, false, Impact::kMajor},
      {C::kMajorOutage, true, false, Impact::kCritical},
      {C::kMajorOutage, false, true, Impact::kCritical},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(automatic_impact(c.status, c.critical_component, c.whole_page_down), c.impact)
        << to_string(c.status) << " critical=" << c.critical_component
        << " whole_page_down=" << c.whole_page_down;
  }
}

TEST(RollupTest, GroupIsWorstChild) {
  EXPECT_EQ(rollup_status({}), C::kOperational);
  EXPECT_EQ(rollup_status({C::kOperational, C::kDegradedPerformance, C::kUnderMaintenance}),
            C::kDegradedPerformance);
  EXPECT_EQ(rollup_status({C::kUnderMaintenance, C::kOperational}), C::kUnderMaintenance);
  EXPECT_EQ(rollup_status({C::kPartialOutage, C::kMajorOutage}), C::kMajorOutage);
}

}  // namespace
}  // namespace pharos
