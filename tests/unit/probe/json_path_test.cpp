#include "probe/json_path.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace pharos::probe {
namespace {

TEST(JsonPathTest, FindsValuesByPath) {
  auto doc =
      boost::json::parse(R"({"status":"ok","checks":[{"ok":true},{"n":2.5}],"a b":{"c":1}})");
  struct Case {
    const char* path;
    const char* text;
  } cases[] = {
      {"$.status", "ok"},  {"$.checks[0].ok", "true"},        {"$.checks[1].n", "2.5"},
      {"$['a b'].c", "1"}, {"$.checks[0]", R"({"ok":true})"},
  };
  for (const auto& c : cases) {
    auto found = find_json_path(doc, c.path);
    ASSERT_TRUE(found.ok()) << c.path;
    ASSERT_NE(*found, nullptr) << c.path;
    EXPECT_EQ(json_scalar_text(**found), c.text) << c.path;
  }
}

TEST(JsonPathTest, MissingStepsAreNullAndBadPathsAreErrors) {
  auto doc = boost::json::parse(R"({"a":[1]})");
  EXPECT_EQ(*find_json_path(doc, "$.b"), nullptr);
  EXPECT_EQ(*find_json_path(doc, "$.a[3]"), nullptr);
  EXPECT_EQ(*find_json_path(doc, "$.a.x"), nullptr);
  EXPECT_FALSE(find_json_path(doc, "a.b").ok());
  EXPECT_FALSE(find_json_path(doc, "$.a[x]").ok());
  EXPECT_FALSE(find_json_path(doc, "$.a[0").ok());
}

TEST(JsonPathTest, NumbersCompareNumerically) {
  EXPECT_TRUE(json_matches(boost::json::value(1.0), "1"));
  EXPECT_TRUE(json_matches(boost::json::value(3), "3.0"));
  EXPECT_FALSE(json_matches(boost::json::value(3), "three"));
  EXPECT_TRUE(json_matches(boost::json::value("ok"), "ok"));
  EXPECT_TRUE(json_matches(boost::json::value(true), "true"));
  EXPECT_FALSE(json_matches(boost::json::value("true "), "true"));
}

}  // namespace
}  // namespace pharos::probe
