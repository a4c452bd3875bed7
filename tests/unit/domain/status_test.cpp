#include "domain/status.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

TEST(StatusTest, WireNamesRoundTrip) {
  for (auto s : {ComponentStatus::kOperational, ComponentStatus::kDegradedPerformance,
                 ComponentStatus::kPartialOutage, ComponentStatus::kMajorOutage,
                 ComponentStatus::kUnderMaintenance}) {
    EXPECT_EQ(parse_component_status(to_string(s)), s);
  }
  for (auto s :
       {IncidentStatus::kInvestigating, IncidentStatus::kIdentified, IncidentStatus::kMonitoring,
        IncidentStatus::kResolved, IncidentStatus::kPostmortem, IncidentStatus::kScheduled,
        IncidentStatus::kInProgress, IncidentStatus::kVerifying, IncidentStatus::kCompleted}) {
    EXPECT_EQ(parse_incident_status(to_string(s)), s);
  }
  for (auto i :
       {Impact::kNone, Impact::kMinor, Impact::kMajor, Impact::kCritical, Impact::kMaintenance}) {
    EXPECT_EQ(parse_impact(to_string(i)), i);
  }
  EXPECT_EQ(to_string(ComponentStatus::kDegradedPerformance), "degraded_performance");
  EXPECT_EQ(to_string(IncidentStatus::kInProgress), "in_progress");
  EXPECT_EQ(to_string(Indicator::kMaintenance), "maintenance");
  EXPECT_FALSE(parse_component_status("Operational"));
  EXPECT_FALSE(parse_incident_status("fixed"));
}

TEST(StatusTest, LabelsForPeople) {
  EXPECT_EQ(label(ComponentStatus::kPartialOutage), "Partial Outage");
  EXPECT_EQ(label(IncidentStatus::kInProgress), "In progress");
  EXPECT_EQ(label(Impact::kCritical), "Critical");
}

TEST(StatusTest, SeverityOrdersMaintenanceBelowFailures) {
  EXPECT_EQ(worst(ComponentStatus::kUnderMaintenance, ComponentStatus::kDegradedPerformance),
            ComponentStatus::kDegradedPerformance);
  EXPECT_EQ(worst(ComponentStatus::kOperational, ComponentStatus::kUnderMaintenance),
            ComponentStatus::kUnderMaintenance);
  EXPECT_EQ(worst(Impact::kMaintenance, Impact::kMinor), Impact::kMinor);
  EXPECT_TRUE(is_closed(IncidentStatus::kPostmortem));
  EXPECT_TRUE(is_active(IncidentStatus::kScheduled));
  EXPECT_TRUE(is_maintenance_status(IncidentStatus::kVerifying));
}

}  // namespace
}  // namespace pharos
