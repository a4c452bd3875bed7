#include "importer/time_text.h"

#include <gtest/gtest.h>

#include "seed_support.h"

namespace pharos::importer {
namespace {

Instant utc(const char* iso) { return *parse_iso8601(iso); }

Result<Instant> resolve(std::string_view text, const ImportOptions& o = {},
                        std::optional<int> year = {}) {
  auto stamp = find_stamp(text);
  if (!stamp) return Error::invalid("no stamp");
  return resolve_stamp(*stamp, o, year, nullptr);
}

// A stamp as a page writes it, and the instant it names.
struct StampCase {
  const char* text;
  const char* expected;
};

class StampTest : public ::testing::TestWithParam<StampCase> {};

TEST_P(StampTest, ResolvesToTheInstant) {
  const StampCase& c = GetParam();
  auto at = resolve(c.text);
  ASSERT_TRUE(at.ok()) << c.text << ": " << at.error().message;
  EXPECT_EQ(format_iso_utc(*at), c.expected) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    TimeTextTest, StampTest,
    ::testing::Values(
        // The shapes of each layout the importer reads.
        StampCase{"Apr 01, 2022, 06:15 PM UTC", "2022-04-01T18:15:00Z"},
        StampCase{"Mar 31, 2021, 12:44 AM UTC", "2021-03-31T00:44:00Z"},
        StampCase{"Posted Nov 05, 2021 - 04:45 NZDT", "2021-11-04T15:45:00Z"},
        StampCase{"Posted 3 days ago. Sep 19, 2023 - 11:34 CEST", "2023-09-19T09:34:00Z"},
        StampCase{"Aug 17 , 2026 - 09:00 PDT", "2026-08-17T16:00:00Z"},
        StampCase{"Jan 29, 2024 - 14:00 CST", "2024-01-29T20:00:00Z"},
        StampCase{"Feb 02, 2024 - 18:04 UTC", "2024-02-02T18:04:00Z"},
        StampCase{"16 February 2024 at 7:30 AM GMT+1", "2024-02-16T06:30:00Z"},
        StampCase{"March 3, 2024 10:00 AEDT", "2024-03-02T23:00:00Z"},
        StampCase{"Sept 4, 2023 12:00 PM IST", "2023-09-04T06:30:00Z"},
        // The stamps of other layouts (blogs, feeds, general pages).
        StampCase{"(Wednesday 19th April 2017 16:17:00 UTC)", "2017-04-19T16:17:00Z"},
        StampCase{"2018-09-07 11:16:25 UTC", "2018-09-07T11:16:25Z"},
        StampCase{"2020-05-27T03:00Z", "2020-05-27T03:00:00Z"},
        StampCase{"2/20/2017 12:05 PM UTC", "2017-02-20T12:05:00Z"},
        StampCase{"30.12.2022 07:30 CET", "2022-12-30T06:30:00Z"},
        StampCase{"Mon, 15 Jan 2024 10:00:00 +0000", "2024-01-15T10:00:00Z"},
        StampCase{"Fri, 16 Feb 2024 09:30:00 -0500", "2024-02-16T14:30:00Z"},
        StampCase{"Mar 1, 2024 10:00 +13:00", "2024-02-29T21:00:00Z"},
        StampCase{"Apr 17, 2024 at 01:57am GMT+6", "2024-04-16T19:57:00Z"},
        StampCase{"Jan 27, 2023 - 18:09 CAT", "2023-01-27T16:09:00Z"},
        StampCase{"Jan 16, 2018 12:00AM ET", "2018-01-16T05:00:00Z"},
        StampCase{"Jul 16, 2018 12:00AM ET", "2018-07-16T04:00:00Z"}));

TEST(TimeTextTest, SpellsNumericDatesOnlyWithAFourDigitYear) {
  EXPECT_EQ(spell_numeric_dates("2018-09-07 11:16"), "7 Sep 2018  11:16");
  EXPECT_EQ(spell_numeric_dates("on 2/20/2017."), "on 20 Feb 2017 .");
  EXPECT_EQ(spell_numeric_dates("1/3/24 and 5-10-19 and 12:30-13:00"),
            "1/3/24 and 5-10-19 and 12:30-13:00");
  EXPECT_EQ(spell_numeric_dates("2024-13-01"), "2024-13-01") << "no month 13";
}

TEST(TimeTextTest, ARangeIsNoOffset) {
  auto stamp = find_stamp("Dec 30, 2022 12:30-13:00");
  ASSERT_TRUE(stamp.has_value());
  EXPECT_EQ(stamp->zone, "");
  EXPECT_EQ(*stamp->hour, 12);
}

TEST(TimeTextTest, TzDecidesAmbiguousAbbreviations) {
  ImportOptions dublin;
  dublin.zone = *TimeZone::locate("Europe/Dublin");
  EXPECT_EQ(*resolve("Jul 01, 2023 - 10:00 IST", dublin), utc("2023-07-01T09:00:00Z"))
      << "Irish Summer Time";
  ImportOptions shanghai;
  shanghai.zone = *TimeZone::locate("Asia/Shanghai");
  EXPECT_EQ(*resolve("Jul 01, 2023 - 10:00 CST", shanghai), utc("2023-07-01T02:00:00Z"))
      << "China Standard Time";
  EXPECT_EQ(*resolve("Jul 01, 2023 - 10:00 CST"), utc("2023-07-01T16:00:00Z"))
      << "default: US Central";
  std::string warning;
  auto at = resolve_stamp(*find_stamp("Jul 01, 2023 - 10:00 CST"), {}, std::nullopt, &warning);
  ASSERT_TRUE(at.ok());
  EXPECT_NE(warning.find("--tz"), std::string::npos);
}

TEST(TimeTextTest, MissingPartsComeFromContextThenOptions) {
  EXPECT_EQ(*resolve("Oct 21, 17:39 UTC", {}, 2023), utc("2023-10-21T17:39:00Z"));
  ImportOptions o = testing::read_on(date::year{2024} / 2 / 16, "Europe/Amsterdam");
  EXPECT_EQ(*resolve("Operational from 7:30 AM", o), utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(*resolve("Oct 21, 17:39 UTC", o), utc("2024-10-21T17:39:00Z"));
  auto no_year = resolve("Oct 21, 17:39 UTC");
  ASSERT_FALSE(no_year.ok());
  EXPECT_NE(no_year.error().message.find("add --date"), std::string::npos);
  auto no_zone = resolve("Oct 21, 2023 17:39");
  ASSERT_FALSE(no_zone.ok());
  EXPECT_NE(no_zone.error().message.find("add --tz ZONE"), std::string::npos);
  auto unknown = resolve("Oct 21, 2023 17:39 XYZT");
  EXPECT_FALSE(unknown.ok());
}

TEST(TimeTextTest, StampLinesAreOnlyDatesAndFillers) {
  EXPECT_TRUE(is_stamp_line("Posted Nov 12, 2021 - 20:04 NZDT"));
  EXPECT_TRUE(is_stamp_line("Feb 16, 2024 at 11:55 AM"));
  EXPECT_FALSE(is_stamp_line("We will post another update at 2:30 CST."));
  EXPECT_FALSE(is_stamp_line("8:45 AM: Rolled back to the previous day's release."));
  EXPECT_FALSE(find_stamp("We are continuing to investigate this issue.").has_value());
}

TEST(TimeTextTest, TableHasTheDocumentedAbbreviations) {
  for (const char* a : {"EST", "EDT", "CST", "CDT", "PST", "PDT", "NZDT", "NZST", "AEDT", "AEST",
                        "BST", "CET", "CEST", "IST", "UTC", "GMT"}) {
    bool found = false;
    for (const ZoneAbbreviation* z = zone_abbreviations(); z->abbreviation; ++z) {
      found = found || std::string_view(z->abbreviation) == a;
    }
    EXPECT_TRUE(found) << a;
  }
}

}  // namespace
}  // namespace pharos::importer
