#include "core/time.h"

#include <gtest/gtest.h>

#include <vector>

#include <date/tz.h>

namespace pharos {
namespace {

Instant at(const char* iso) {
  auto parsed = parse_iso8601(iso);
  EXPECT_TRUE(parsed.ok()) << iso;
  return parsed.ok() ? *parsed : Instant{};
}

TEST(TimeTest, ParsesIsoFormsWithOffsets) {
  EXPECT_EQ(format_iso_utc(at("2021-03-22T19:22:00Z")), "2021-03-22T19:22:00Z");
  EXPECT_EQ(format_iso_utc(at("2021-12-07T09:06:43.178-07:00")), "2021-12-07T16:06:43Z");
  EXPECT_EQ(format_iso_utc(at("2021-11-05T04:45+1300")), "2021-11-04T15:45:00Z");
  EXPECT_EQ(format_iso_utc(at("2022-04-01 18:15:00Z")), "2022-04-01T18:15:00Z");
  EXPECT_EQ((at("2022-11-25T15:50:05.892Z") - at("2022-11-25T15:50:05Z")).count(), 892);
}

// Dates are formatted with strftime over civil fields, not with date::format (a locale and a
// stream per call, too slow for a page of 9,000 dated bars): the text must be the same.
TEST(TimeTest, FormatsExactlyAsTheDateLibraryDoes) {
  const char* patterns[] = {"%b %d, %Y, %I:%M %p %Z",
                            "%B ",
                            ", %Y",
                            "%d",
                            "%b %d, %Y",
                            "%b",
                            "%e",
                            "%H:%M",
                            "%Z",
                            "%b %d, %H:%M",
                            "%H:%M %Z",
                            "%b %d, %H:%M %Z",
                            "%Y-%m-%d",
                            "%B %Y",
                            "%Y-%m",
                            "%b %d",
                            "%Y-%m-%d %H:%M %Z",
                            "%Y-%m-%dT%H:%M",
                            "%a, %d %b %Y %H:%M:%S",
                            "100%% at %H:%M",
                            ""};
  std::vector<TimeZone> zones = {TimeZone::utc()};
  for (const char* name : {"America/Denver", "Europe/Amsterdam", "Asia/Kolkata", "Pacific/Chatham",
                           "America/St_Johns", "Australia/Lord_Howe"}) {
    auto zone = TimeZone::locate(name);
    ASSERT_TRUE(zone.ok()) << name;
    zones.push_back(*zone);
  }
  // Both sides of DST changes, midnight and noon, a leap day, the start of a year, odd seconds.
  std::vector<Instant> instants;
  for (const char* iso :
       {"2021-03-28T00:59:59Z", "2021-03-28T01:00:00Z", "2021-10-31T00:30:00Z",
        "2021-11-07T08:59:59.999Z", "2024-02-29T23:59:59Z", "2024-12-31T23:00:00Z",
        "2026-01-01T00:00:00Z", "2026-07-04T12:00:00.5Z", "1999-12-31T23:59:59Z"}) {
    instants.push_back(at(iso));
  }
  for (int k = 0; k < 400; ++k)
    instants.push_back(at("2020-01-01T00:00:00Z") + Millis(k * 86'413'717LL));
  for (const auto& zone : zones) {
    for (Instant when : instants) {
      auto zoned = date::make_zoned(zone.zone(), std::chrono::floor<Seconds>(when));
      for (const char* pattern : patterns) {
        EXPECT_EQ(format_in_zone(when, zone, pattern), date::format(pattern, zoned))
            << zone.name() << " " << format_iso_utc(when) << " '" << pattern << "'";
      }
      auto offset = zone.offset_at(when);
      auto local = date::local_time<Millis>{when.time_since_epoch() + offset};
      std::string iso = format_iso_in_zone(when, zone);
      EXPECT_EQ(iso.substr(0, 23), date::format("%Y-%m-%dT%H:%M:%S", local)) << iso;
    }
  }
  for (Instant when : instants) {
    auto seconds = std::chrono::floor<Seconds>(when);
    EXPECT_EQ(format_iso_utc(when), date::format("%Y-%m-%dT%H:%M:%SZ", seconds));
    EXPECT_EQ(format_rfc822(when), date::format("%a, %d %b %Y %H:%M:%S +0000", seconds));
    EXPECT_EQ(format_http_date(when), date::format("%a, %d %b %Y %H:%M:%S GMT", seconds));
  }
}

TEST(TimeTest, RejectsAmbiguousOrBrokenTimes) {
  for (const char* bad : {"2021-03-22T19:22:00", "2021-02-30T00:00Z", "yesterday",
                          "2021-03-22T25:00Z", "2021-03-22T19:22:00Zjunk", ""}) {
    EXPECT_FALSE(parse_iso8601(bad).ok()) << bad;
  }
}

TEST(TimeTest, FormatsStatuspageStyleWithPageOffset) {
  auto denver = TimeZone::locate("America/Denver");
  ASSERT_TRUE(denver.ok());
  EXPECT_EQ(format_iso_in_zone(at("2021-12-07T16:06:43.178Z"), *denver),
            "2021-12-07T09:06:43.178-07:00");
  // Summer time changes the offset.
  EXPECT_EQ(format_iso_in_zone(at("2021-07-07T16:06:43.000Z"), *denver),
            "2021-07-07T10:06:43.000-06:00");
  EXPECT_EQ(format_iso_in_zone(at("2022-11-25T15:50:05.892Z"), TimeZone::utc()),
            "2022-11-25T15:50:05.892Z");
}

TEST(TimeTest, DisplaysInThePageZoneWithAbbreviation) {
  auto auckland = TimeZone::locate("Pacific/Auckland");
  ASSERT_TRUE(auckland.ok());
  // Seed 001: "Posted Nov 05, 2021 - 04:45 NZDT" is 2021-11-04 15:45 UTC.
  EXPECT_EQ(format_in_zone(at("2021-11-04T15:45:00Z"), *auckland, "%b %d, %Y - %H:%M %Z"),
            "Nov 05, 2021 - 04:45 NZDT");
  // Seed 000 style.
  EXPECT_EQ(format_in_zone(at("2022-04-01T18:15:00Z"), TimeZone::utc(), "%b %d, %Y, %I:%M %p %Z"),
            "Apr 01, 2022, 06:15 PM UTC");
}

TEST(TimeTest, UnknownZoneNamesTheFix) {
  auto zone = TimeZone::locate("Mars/Olympus");
  ASSERT_FALSE(zone.ok());
  EXPECT_NE(zone.error().message.find("IANA"), std::string::npos);
}

TEST(TimeTest, LocalTimesAcrossDaylightSaving) {
  auto amsterdam = TimeZone::locate("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  using date::local_days;
  auto local = [](int y, unsigned m, unsigned d, int h) {
    return date::local_time<Millis>(local_days(date::year(y) / date::month(m) / date::day(d)) +
                                    std::chrono::hours(h));
  };
  EXPECT_EQ(format_iso_utc(from_local(local(2024, 2, 16, 8), *amsterdam)), "2024-02-16T07:00:00Z");
  EXPECT_EQ(format_iso_utc(from_local(local(2024, 7, 16, 8), *amsterdam)), "2024-07-16T06:00:00Z");
  // 02:30 on 2024-03-31 does not exist in Amsterdam; it is shifted, not lost.
  EXPECT_EQ(format_iso_utc(from_local(local(2024, 3, 31, 2), *amsterdam)), "2024-03-31T01:00:00Z");
}

TEST(TimeTest, StartOfDayInZone) {
  auto amsterdam = TimeZone::locate("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  EXPECT_EQ(format_iso_utc(start_of_day(at("2024-02-16T22:30:00Z"), *amsterdam)),
            "2024-02-15T23:00:00Z");
  EXPECT_EQ(format_iso_utc(start_of_day(at("2024-02-16T23:30:00Z"), *amsterdam)),
            "2024-02-16T23:00:00Z");
}

TEST(TimeTest, DaysAndMonthsAcrossDaylightSavingChanges) {
  auto amsterdam = TimeZone::locate("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  // 2024-03-31 has 23 hours in Amsterdam, 2024-10-27 has 25.
  EXPECT_EQ(format_iso_utc(start_of_day(at("2024-03-31T12:00:00Z"), *amsterdam, 1)),
            "2024-03-31T22:00:00Z");
  EXPECT_EQ(format_iso_utc(start_of_day(at("2024-03-31T12:00:00Z"), *amsterdam, -1)),
            "2024-03-29T23:00:00Z");
  EXPECT_EQ(format_iso_utc(start_of_day(at("2024-10-27T12:00:00Z"), *amsterdam, 1)),
            "2024-10-27T23:00:00Z");
  EXPECT_EQ(format_iso_utc(start_of_month(at("2024-03-31T22:30:00Z"), *amsterdam)),
            "2024-03-31T22:00:00Z")
      << "already April 1st in Amsterdam";
  EXPECT_EQ(format_iso_utc(start_of_month(at("2024-03-15T12:00:00Z"), *amsterdam, -1)),
            "2024-01-31T23:00:00Z");
  EXPECT_EQ(format_iso_utc(start_of_month(at("2024-12-15T12:00:00Z"), TimeZone::utc(), 1)),
            "2025-01-01T00:00:00Z");
}

TEST(TimeTest, FeedAndHttpDates) {
  EXPECT_EQ(format_rfc822(at("2026-03-16T07:27:49Z")), "Mon, 16 Mar 2026 07:27:49 +0000");
  EXPECT_EQ(format_http_date(at("1994-11-06T08:49:37Z")), "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace pharos
