// The composer's form → request parsing: every invalid field named, the window read in the page
// zone, and nothing accepted that the lifecycle would refuse later.
#include "admin/incident_form.h"

#include <gtest/gtest.h>

namespace pharos::admin {
namespace {

std::vector<Component> catalog() {
  Component api;
  api.id = "api";
  api.name = "API";
  return {api};
}

TEST(IncidentFormTest, ReadsAValidIncident) {
  Form form = Form::parse(
      "name=API+down&status=identified&impact=major&component.api="
      "partial_outage&body=We+know&notify=yes");
  auto parsed = parse_new_incident(read_incident_form(form), IncidentKind::kIncident, catalog(),
                                   TimeZone::utc(), "rob");
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.request.name, "API down");
  EXPECT_EQ(parsed.request.status, IncidentStatus::kIdentified);
  EXPECT_EQ(parsed.request.impact, Impact::kMajor);
  ASSERT_EQ(parsed.request.component_statuses.size(), 1u);
  EXPECT_EQ(parsed.request.component_statuses[0].second, ComponentStatus::kPartialOutage);
  EXPECT_TRUE(parsed.request.deliver_notifications);
  EXPECT_EQ(parsed.request.author, "rob");
}

TEST(IncidentFormTest, NamesEveryInvalidField) {
  struct Case {
    std::string form;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {"name=&status=investigating", "name"},
           {"name=" + std::string(256, 'x') + "&status=investigating", "name"},
           {"name=x&status=resolved", "status"},
           {"name=x&status=scheduled", "status"},
           {"name=x&status=investigating&impact=maintenance", "impact"},
           {"name=x&status=investigating&component.api=broken", "component.api"},
           {"name=x&status=investigating&component.nope=major_outage", "component.nope"},
           {"name=x&status=investigating&body=" + std::string(25001, 'b'), "body"}}) {
    auto parsed = parse_new_incident(read_incident_form(Form::parse(c.form)),
                                     IncidentKind::kIncident, catalog(), TimeZone::utc(), "rob");
    EXPECT_TRUE(parsed.errors.get(c.field).has_value()) << c.form.substr(0, 60);
    EXPECT_EQ(parsed.errors.size(), 1u) << c.form.substr(0, 60);
  }
}

TEST(IncidentFormTest, MaintenanceWindowIsReadInThePageZone) {
  auto zone = TimeZone::locate("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok());
  Form form = Form::parse(
      "name=DB+upgrade&status=scheduled&starts=2026-11-24T02%3A00"
      "&ends=2026-11-24T04%3A00&component.api=under_maintenance&auto=yes");
  auto parsed = parse_new_incident(read_incident_form(form), IncidentKind::kMaintenance, catalog(),
                                   *zone, "rob");
  ASSERT_TRUE(parsed.errors.empty());
  EXPECT_EQ(format_iso_utc(*parsed.request.scheduled_for), "2026-11-24T01:00:00Z");  // CET = +1
  EXPECT_EQ(format_iso_utc(*parsed.request.scheduled_until), "2026-11-24T03:00:00Z");
  EXPECT_EQ(parsed.request.component_ids, std::vector<std::string>{"api"});
  EXPECT_TRUE(parsed.request.auto_transition);
}

TEST(IncidentFormTest, MaintenanceWindowMustBeWholeAndInOrder) {
  auto bad = [](std::string form) {
    return parse_new_incident(read_incident_form(Form::parse(form)), IncidentKind::kMaintenance,
                              catalog(), TimeZone::utc(), "rob")
        .errors;
  };
  EXPECT_TRUE(bad("name=x&starts=&ends=2026-11-24T04%3A00").get("starts"));
  EXPECT_TRUE(bad("name=x&starts=2026-13-24T02%3A00&ends=2026-11-24T04%3A00").get("starts"));
  EXPECT_TRUE(bad("name=x&starts=2026-11-24T05%3A00&ends=2026-11-24T04%3A00").get("ends"));
}

TEST(IncidentFormTest, RenderedFormKeepsEnteredValuesEscaped) {
  IncidentFormValues values;
  values.name = "\"><script>x</script>";
  values.body = "</textarea><script>y</script>";
  values.component_statuses["api"] = "major_outage";
  FieldErrors errors;
  errors.add("name", "Give it a <b>name</b>.");
  std::string html = render_incident_form({.kind = IncidentKind::kIncident,
                                           .action = "/admin/incidents/new",
                                           .csrf = "tok",
                                           .submit_label = "Open",
                                           .is_update = false,
                                           .current_status = std::nullopt,
                                           .zone_name = "Etc/UTC"},
                                          values, catalog(), errors, "");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("&lt;/textarea&gt;"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"major_outage\" selected>"), std::string::npos);
  EXPECT_NE(html.find("Give it a &lt;b&gt;name&lt;/b&gt;."), std::string::npos);
}

}  // namespace
}  // namespace pharos::admin
