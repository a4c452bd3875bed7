#include "importer/prose_times.h"

#include <gtest/gtest.h>

namespace pharos::importer {
namespace {

TEST(ProseTimesTest, SpansAsReportsWriteThem) {
  struct Case {
    const char* text;
    int start_hour;  // -1: none
    int end_hour;
    const char* end_zone;
  };
  for (const Case& c : {
           Case{"The API was down this morning between 3:40AM and 7:49AM ET.", 3, 7, "ET"},
           Case{"From 11-Nov-2021 03:56:39 UTC to 11-Nov-2021 05:57:33 UTC there was", 3, 5, "UTC"},
           Case{"down for nineteen minutes this morning starting at 12:00AM ET.", 0, -1, ""},
           Case{"It was a quiet day.", -1, -1, ""},
       }) {
    auto span = find_prose_span(c.text);
    EXPECT_EQ(span.start ? *span.start->hour : -1, c.start_hour) << c.text;
    EXPECT_EQ(span.end ? *span.end->hour : -1, c.end_hour) << c.text;
    if (span.end) {
      EXPECT_EQ(span.end->zone, c.end_zone) << c.text;
    }
    if (span.start && span.end) {
      EXPECT_EQ(span.start->zone, span.end->zone) << c.text;
    }
  }
}

TEST(ProseTimesTest, StatedLengths) {
  EXPECT_EQ(find_prose_length("The API was down for nineteen minutes"), std::chrono::minutes(19));
  EXPECT_EQ(find_prose_length("unavailable for 2 hours."), std::chrono::minutes(120));
  EXPECT_EQ(find_prose_length("for twenty-five minutes"), std::chrono::minutes(25));
  EXPECT_EQ(find_prose_length("thanks for your patience"), std::nullopt);
}

}  // namespace
}  // namespace pharos::importer
