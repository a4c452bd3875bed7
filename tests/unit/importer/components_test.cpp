#include "importer/components.h"

#include <gtest/gtest.h>

#include "importer/postmortem.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

using Names = std::vector<std::string>;

TEST(ComponentsTest, StatuspageFooterListsWithGroupsAndOxfordComma) {
  EXPECT_EQ(split_component_list(" Engage."), Names{"Engage"});
  EXPECT_EQ(split_component_list("API, Website, and Mobile apps."),
            (Names{"API", "Website", "Mobile apps"}));
  EXPECT_EQ(split_component_list("API and Website"), (Names{"API", "Website"}));
  EXPECT_EQ(split_component_list("Cloud (EU, US) and Billing"),
            (Names{"Cloud - EU", "Cloud - US", "Billing"}));
}

TEST(ComponentsTest, RunTogetherNamesUseKnownNamesThenCapitalisation) {
  bool guessed = false;
  EXPECT_EQ(
      split_run_together("Kalix PlatformTelehealthOnline SchedulersMessagingNotifications",
                         {"Kalix Platform", "Telehealth"}, "", guessed),
      (Names{"Kalix Platform", "Telehealth", "Online Schedulers", "Messaging", "Notifications"}));
  EXPECT_TRUE(guessed);
  guessed = false;
  EXPECT_EQ(split_run_together("ThinkLink Platform", {"ThinkLink Platform"}, "", guessed),
            Names{"ThinkLink Platform"});
  EXPECT_FALSE(guessed);
  guessed = false;
  EXPECT_EQ(split_run_together("GitHub ActionsWebhooks", {}, "GitHub experienced a minor incident",
                               guessed),
            (Names{"GitHub Actions", "Webhooks"}))
      << "inner capitals of a word the page spells elsewhere are not a join";
  EXPECT_TRUE(guessed);
}

TEST(ComponentsTest, SummarySentenceNames) {
  EXPECT_EQ(names_in_summary(
                "Kalix EMR experienced a critical incident on March 22, 2021 affecting Kalix "
                "Platform and Telehealth and 1 more component, lasting 8d 5h."),
            (Names{"Kalix Platform", "Telehealth"}));
  EXPECT_EQ(
      names_in_summary("X experienced a minor incident on April 1, 2022 affecting A, lasting 2d."),
      Names{"A"});
  EXPECT_TRUE(names_in_summary("no components here").empty());
}

TEST(VocabularyTest, StatusAndSeverityWords) {
  EXPECT_EQ(parse_status_word("In progress"), IncidentStatus::kInProgress);
  EXPECT_EQ(parse_status_word("INVESTIGATING"), IncidentStatus::kInvestigating);
  EXPECT_EQ(parse_status_word("Completed"), IncidentStatus::kCompleted);
  EXPECT_EQ(parse_status_word("Update"), std::nullopt);
  EXPECT_TRUE(is_update_label("Update"));
  EXPECT_EQ(parse_impact_word("Notice"), Impact::kNone);
  EXPECT_EQ(parse_impact_word("SEV-1"), Impact::kCritical);
  EXPECT_EQ(parse_impact_word("P3"), Impact::kMinor);
  EXPECT_EQ(impact_from_title_prefix("S2 - Engage not accessible"), Impact::kMajor);
  EXPECT_EQ(impact_from_title_prefix("[SEV1] Outage"), Impact::kCritical);
  EXPECT_EQ(impact_from_title_prefix("Major outage of the API"), std::nullopt)
      << "prose, not a label";
  EXPECT_EQ(impact_from_title_prefix("S3"), std::nullopt);
}

TEST(PostmortemTest, HeadingsBulletsAndParagraphs) {
  std::vector<Line> lines = {{1, "Summary text"},         {2, ""},
                             {3, "Root Cause Analysis:"}, {4, "A lock."},
                             {5, "\xE2\x80\xA2 one"},     {6, "\xE2\x80\xA2 two"},
                             {7, "What Happened?"},       {8, "To Our Customers:"}};
  EXPECT_EQ(postmortem_markdown(lines, 0, lines.size()),
            "Summary text\n\n## Root Cause Analysis\n\nA lock.\n\n- one\n- two\n\n## What "
            "Happened?\n\nTo Our Customers:");
}

}  // namespace
}  // namespace pharos::importer
