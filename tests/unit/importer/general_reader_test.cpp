#include "importer/general_reader.h"

#include <gtest/gtest.h>

#include "importer/importer.h"
#include "importer/vocabulary.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

Instant utc(const char* iso) { return *parse_iso8601(iso); }

Result<ImportedIncident> read(std::string_view text, ImportOptions o = {}) {
  o.source_name = "page.txt";
  return read_general(split_lines(text), PageHints{}, o);
}

struct Expect {
  const char* name;
  const char* page;
  const char* title;  // nullptr: no title
  IncidentStatus status;
  std::vector<IncidentStatus> updates;  // oldest first
  const char* started;
  const char* resolved;  // nullptr: unresolved or unknown
};

TEST(GeneralReaderTest, ReadsTimelinesInEitherOrderAndDirection) {
  using S = IncidentStatus;
  for (const Expect& c : {
           Expect{"label, stamp, body; newest first",
                  "Back to overview\nDegraded\n\nAPI slow\n\nApr 27, 2026 at 3:35pm UTC\n"
                  "Affected services\nAPI\n\nResolved\nApr 27, 2026 at 5:00pm UTC\n\nFixed.\n\n"
                  "Updated\nApr 27, 2026 at 4:00pm UTC\n\nStill on it.\n\n"
                  "Created\nApr 27, 2026 at 3:35pm UTC\n\nWe are looking into it.\n",
                  "API slow",
                  S::kResolved,
                  {S::kInvestigating, S::kInvestigating, S::kResolved},
                  "2026-04-27T15:35:00Z",
                  "2026-04-27T17:00:00Z"},
           Expect{"label, body, stamp; newest first",
                  "Resolved -\nAll good.\nMar 13, 2026, 10:16 MDT\nIdentified -\nFound it.\n"
                  "Mar 13, 2026, 08:25 MDT\nInvestigating -\nLooking.\nMar 13, 2026, 07:00 MDT\n",
                  nullptr,
                  S::kResolved,
                  {S::kInvestigating, S::kIdentified, S::kResolved},
                  "2026-03-13T13:00:00Z",
                  "2026-03-13T16:16:00Z"},
           Expect{"stamp-led lines, oldest first",
                  "Flaky logins\n- May 11, 2021, 02:35 AM UTC - We are investigating.\n"
                  "- May 11, 2021, 03:40 AM UTC - The issue has been resolved.\n",
                  "Flaky logins",
                  S::kResolved,
                  {S::kInvestigating, S::kResolved},
                  "2021-05-11T02:35:00Z",
                  "2021-05-11T03:40:00Z"},
           Expect{"time-only stamps across midnight under a dated title",
                  "Service Incident February 1st 2016\n\n01:02 UTC | 17:02 PT\nIt has been "
                  "resolved.\n\n00:16 UTC | 16:16 PT\nMitigation is underway.\n\n23:48 UTC | "
                  "15:48 PT\nWe are investigating reports.\n",
                  "Service Incident February 1st 2016",
                  S::kResolved,
                  {S::kInvestigating, S::kInvestigating, S::kResolved},
                  "2016-02-01T23:48:00Z",
                  "2016-02-02T01:02:00Z"},
       }) {
    auto r = read(c.page);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().describe();
    EXPECT_EQ(r->reader, "general");
    EXPECT_EQ(r->title, c.title ? std::optional<std::string>(c.title) : std::nullopt) << c.name;
    EXPECT_EQ(r->status, c.status) << c.name;
    std::vector<S> got;
    for (const auto& u : r->updates) got.push_back(u.status);
    EXPECT_EQ(got, c.updates) << c.name;
    EXPECT_EQ(r->started_at, utc(c.started)) << c.name;
    EXPECT_EQ(r->resolved_at, c.resolved ? std::optional<Instant>(utc(c.resolved)) : std::nullopt)
        << c.name;
    EXPECT_FALSE(r->confidence.empty()) << c.name;
  }
}

TEST(GeneralReaderTest, BlogPostTimesComeFromItsProse) {
  ImportOptions o = testing::read_on(date::year{2017} / 2 / 20, "America/New_York");
  auto r = read(
      "The API was down this morning between 3:40AM and 7:49AM ET.\n\nA transient issue "
      "with our cloud provider caused our authentication database to enter an unusual "
      "failure state, where it was up and responding to requests, but always with an "
      "error message. Our staff was not notified in time, and we apologise for it.\n",
      o);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->title.has_value());
  ASSERT_EQ(r->updates.size(), 1u);
  EXPECT_EQ(r->updates[0].status, IncidentStatus::kResolved) << "a retrospective";
  EXPECT_EQ(r->started_at, utc("2017-02-20T08:40:00Z"));
  EXPECT_EQ(r->resolved_at, utc("2017-02-20T12:49:00Z"));
  EXPECT_FALSE(r->warnings.empty());
}

TEST(GeneralReaderTest, AWriteUpIsThePostmortem) {
  auto r = read(
      "Dashboard failing to load\nOverview\nProblem: auth failed.\nChronology\n"
      "2026-01-29 (all times in UTC)\n23:17:00 - upgrade started\n"
      "23:33:00 - all services operational\nAnalysis\nA bad upgrade.\n");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->postmortem.has_value());
  EXPECT_TRUE(r->updates.empty());
  EXPECT_EQ(r->status, IncidentStatus::kPostmortem);
  EXPECT_EQ(r->started_at, utc("2026-01-29T23:17:00Z"));
  EXPECT_EQ(r->resolved_at, utc("2026-01-29T23:33:00Z"));
}

TEST(GeneralReaderTest, UnreadablePagesAreErrorsNamingTheLine) {
  auto none = read("hello\nworld\n");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "page.txt:1");
  auto zone = read("Outage\n\nResolved\nMay 24, 2022, 04:29 PM\n\nAll good now.\n");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().field, "page.txt:4");
  EXPECT_NE(zone.error().message.find("--tz"), std::string::npos);
}

TEST(GeneralReaderTest, ExactParsersAnswerFirstAndSayWhichReaderAnswered) {
  auto r = parse_report("Unrecognised layout\n\nResolved\nMay 24, 2022, 04:29 PM UTC\n\nFixed.\n",
                        ImportOptions{});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->front().reader, "general");
  ImportOptions general;
  general.format = Format::kGeneral;
  auto forced = parse_report("hello\n", general);
  EXPECT_FALSE(forced.ok());
}

TEST(VocabularyTest, WordingStatesAStatusUnlessItSpeaksOfTheFuture) {
  using S = IncidentStatus;
  struct Case {
    const char* body;
    std::optional<S> status;
  };
  for (const Case& c : {
           Case{"We consider this incident resolved", S::kResolved},
           Case{"The node has been restarted – we continue to monitor", S::kMonitoring},
           Case{"We have patched the issue and are monitoring our systems closely. We will "
                "provide an update as soon as the issue has been fully resolved.",
                S::kMonitoring},
           Case{"It was not checked for in our automated monitoring.", std::nullopt},
           Case{"The service is back to normal.", S::kResolved},
           Case{"We have identified the cause.", S::kIdentified},
           Case{"Thanks for your patience.", std::nullopt},
       }) {
    EXPECT_EQ(status_from_wording(c.body), c.status) << c.body;
  }
  EXPECT_EQ(infer_entry_status("A short note.", false, true, S::kInvestigating), S::kInvestigating);
  EXPECT_EQ(infer_entry_status("We have identified the cause.", true, false, S::kInvestigating),
            S::kInvestigating)
      << "the first of several entries opens the incident";
}

}  // namespace
}  // namespace pharos::importer
