#include "reports/window.h"

#include <gtest/gtest.h>

namespace pharos::reports {
namespace {

Instant at(const char* iso) { return *parse_iso8601(iso); }

TEST(WindowTest, NamedWindowsInThePageZone) {
  auto amsterdam = *TimeZone::locate("Europe/Amsterdam");
  const Instant now = at("2026-11-21T14:30:00Z");
  struct Case {
    const char* name;
    const char* from;
    const char* to;
  };
  std::vector<Case> cases = {
      {"24h", "2026-11-20T14:30:00Z", "2026-11-21T14:30:00Z"},
      {"7d", "2026-11-14T14:30:00Z", "2026-11-21T14:30:00Z"},
      {"30d", "2026-10-22T14:30:00Z", "2026-11-21T14:30:00Z"},
      {"90d", "2026-08-23T14:30:00Z", "2026-11-21T14:30:00Z"},
      {"365d", "2025-11-21T14:30:00Z", "2026-11-21T14:30:00Z"},
      {"this_month", "2026-10-31T23:00:00Z", "2026-11-21T14:30:00Z"},  // Nov 1st, CET
      {"last_month", "2026-09-30T22:00:00Z", "2026-10-31T23:00:00Z"},  // October, CEST → CET
  };
  for (const auto& c : cases) {
    auto w = named_window(c.name, amsterdam, now);
    ASSERT_TRUE(w.ok()) << c.name;
    EXPECT_EQ(format_iso_utc(w->from), c.from) << c.name;
    EXPECT_EQ(format_iso_utc(w->to), c.to) << c.name;
    EXPECT_EQ(w->label, c.name);
  }
}

TEST(WindowTest, UnknownNamesAreRefusedWithTheChoices) {
  for (const char* name : {"", "30", "d", "0d", "-5d", "30x", "3w", "1097d", "this month"}) {
    auto w = named_window(name, TimeZone::utc(), at("2026-11-21T14:30:00Z"));
    ASSERT_FALSE(w.ok()) << name;
    EXPECT_EQ(w.error().field, "window");
    EXPECT_NE(w.error().message.find("this_month"), std::string::npos);
  }
}

TEST(WindowTest, ExplicitDatesAreMidnightInTheZoneAndEndAtNow) {
  auto amsterdam = *TimeZone::locate("Europe/Amsterdam");
  const Instant now = at("2026-11-21T14:30:00Z");
  auto w = explicit_window("2026-10-01", "2026-11-01", amsterdam, now);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(format_iso_utc(w->from), "2026-09-30T22:00:00Z");
  EXPECT_EQ(format_iso_utc(w->to), "2026-10-31T23:00:00Z");
  auto open_ended = explicit_window("2026-11-21T12:00:00+01:00", "", amsterdam, now);
  ASSERT_TRUE(open_ended.ok());
  EXPECT_EQ(format_iso_utc(open_ended->from), "2026-11-21T11:00:00Z");
  EXPECT_EQ(open_ended->to, now);
  auto future = explicit_window("2026-11-01", "2027-01-01", amsterdam, now);
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->to, now) << "the future is not reported";
}

TEST(WindowTest, BadExplicitWindowsNameTheField) {
  const Instant now = at("2026-11-21T14:30:00Z");
  struct Case {
    const char* from;
    const char* to;
    const char* field;
  };
  std::vector<Case> cases = {
      {"yesterday", "", "from"},
      {"2026-10-01", "2026-13-01", "to"},
      {"2026-10-01T10:00:00", "", "from"},  // no offset: ambiguous
      {"2026-11-01", "2026-10-01", "from"},
      {"2026-12-01", "", "from"},            // starts in the future
      {"2020-01-01", "2026-01-01", "from"},  // longer than three years
  };
  for (const auto& c : cases) {
    auto w = explicit_window(c.from, c.to, TimeZone::utc(), now);
    ASSERT_FALSE(w.ok()) << c.from << " " << c.to;
    EXPECT_EQ(w.error().field, c.field) << c.from << " " << c.to;
    EXPECT_EQ(w.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace pharos::reports
