#include "config/messages.h"

#include <gtest/gtest.h>

#include "support/config_assertions.h"

namespace pharos {
namespace {

using testing::HasError;

TEST(MessagesTest, TemplatesAtEveryLevelAndTheCriticalFlag) {
  auto loaded = parse_config(R"(
page: { name: Acme }
groups:
  - id: platform
    name: Platform
    messages: { investigating: "Platform trouble: {problem} of {components}." }
components:
  - id: api
    name: Public API
    group: platform
    critical: true
    messages:
      title: "{status} of the API"
      resolved: "Fixed since {start_time}; {{literal braces}}."
  - { id: www, name: Website }
automation:
  messages: { monitoring: "{components} is back ({impact})." }
)",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const AutomationPolicy& a = loaded.config.automation;
  EXPECT_EQ(a.critical_components, (std::set<std::string>{"api"}));
  EXPECT_EQ(a.messages.at(AutoText::kMonitoring), "{components} is back ({impact}).");
  EXPECT_EQ(a.group_messages.at("platform").at(AutoText::kInvestigating),
            "Platform trouble: {problem} of {components}.");
  EXPECT_EQ(a.component_messages.at("api").size(), 2u);
  EXPECT_FALSE(a.component_messages.count("www"));
}

TEST(MessagesTest, UnknownVariablesAndKeysAreErrorsAtTheirLine) {
  auto loaded = parse_config(R"(
page: { name: Acme }
components:
  - id: api
    name: API
    messages:
      investigating: "{monitor} failed on {node}"
      closed: "x"
automation:
  messages:
    resolved: "Resolved {"
    title: "lone } brace"
)",
                             "pharos.yaml");
  EXPECT_TRUE(HasError(loaded, 7, "components[0].messages.investigating",
                       "unknown variable {monitor}; known: {components}"))
      << loaded.describe();
  EXPECT_TRUE(HasError(loaded, 8, "components[0].messages.closed", "unknown key"));
  EXPECT_TRUE(HasError(loaded, 11, "automation.messages.resolved", "'{' without its '}'"));
  EXPECT_TRUE(HasError(loaded, 12, "automation.messages.title", "a lone '}'"));
}

}  // namespace
}  // namespace pharos
