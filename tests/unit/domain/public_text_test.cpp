#include "domain/public_text.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

using C = ComponentStatus;

AutoTextVars vars(std::vector<std::string> names, C status) {
  AutoTextVars v;
  v.components = std::move(names);
  v.status = status;
  v.impact = Impact::kMajor;
  v.start_time = "Dec 05, 10:04 CET";
  v.page = "Acme";
  return v;
}

TEST(PublicTextTest, DefaultsPerStatus) {
  struct Case {
    AutoText which;
    C status;
    const char* text;
  };
  const Case cases[] = {
      {AutoText::kTitle, C::kPartialOutage, "Partial outage of Public API"},
      {AutoText::kInvestigating, C::kDegradedPerformance,
       "We are investigating degraded performance of Public API."},
      {AutoText::kInvestigating, C::kPartialOutage,
       "We are investigating a partial outage of Public API."},
      {AutoText::kInvestigating, C::kMajorOutage,
       "We are investigating a major outage of Public API."},
      {AutoText::kAlsoAffected, C::kMajorOutage,
       "We are also seeing a major outage of Public API."},
      {AutoText::kReopened, C::kMajorOutage,
       "The problem has recurred: we are investigating a major outage of Public API."},
      {AutoText::kResolved, C::kMajorOutage,
       "This incident has been resolved: service has been restored for Public API."},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(render_template(default_template(c.which), vars({"Public API"}, c.status)), c.text)
        << to_string(c.which);
  }
}

TEST(PublicTextTest, EveryVariableAndLiteralBraces) {
  auto v = vars({"API", "Auth", "Web app"}, C::kMajorOutage);
  EXPECT_EQ(
      render_template("{components}|{problem}|{status}|{impact}|{start_time}|{page}|{{x}}", v),
      "API, Auth and Web app|a major outage|Major outage|major|Dec 05, 10:04 CET|Acme|{x}");
  EXPECT_EQ(join_names({"A", "B"}), "A and B");
  EXPECT_EQ(join_names({"A"}), "A");
}

TEST(PublicTextTest, InvalidTemplatesSayWhy) {
  EXPECT_FALSE(template_error("We are investigating {problem} of {components}."));
  for (const auto& t :
       {AutoText::kTitle, AutoText::kInvestigating, AutoText::kWorsened, AutoText::kAlsoAffected,
        AutoText::kReturned, AutoText::kMonitoring, AutoText::kResolved, AutoText::kReopened}) {
    EXPECT_FALSE(template_error(default_template(t))) << to_string(t);
    EXPECT_EQ(parse_auto_text(to_string(t)), t);
  }
  EXPECT_NE(template_error("{node} down")->find("unknown variable {node}"), std::string::npos);
  EXPECT_NE(template_error("open {")->find("without its '}'"), std::string::npos);
  EXPECT_NE(template_error("close }")->find("lone '}'"), std::string::npos);
  EXPECT_EQ(render_template("{node}", vars({"A"}, C::kMajorOutage)), "{node}");
}

}  // namespace
}  // namespace pharos
