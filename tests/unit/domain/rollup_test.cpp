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

TEST(RollupTest, IndicatorFollowsComponentsNotIncidentImpact) {
  Incident major;
  major.impact = Impact::kMajor;
  major.status = IncidentStatus::kInvestigating;
  PageStatus s = page_status(many(11, 1, C::kPartialOutage), {major});
  EXPECT_EQ(s.indicator, Indicator::kMinor);
}

TEST(RollupTest, IncidentWithoutComponentsStillShows) {
  Incident incident;
  incident.impact = Impact::kMajor;
  incident.status = IncidentStatus::kIdentified;
  EXPECT_EQ(page_status(components({C::kOperational}), {incident}).indicator, Indicator::kMajor);
  Incident maintenance;
  maintenance.kind = IncidentKind::kMaintenance;
  maintenance.status = IncidentStatus::kInProgress;
  EXPECT_EQ(page_status({}, {maintenance}).indicator, Indicator::kMaintenance);
  maintenance.status = IncidentStatus::kScheduled;
  EXPECT_EQ(page_status({}, {maintenance}).indicator, Indicator::kNone)
      << "a maintenance that has not started does not change the page";
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
