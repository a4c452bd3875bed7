#include "reports/report_format.h"

#include <gtest/gtest.h>

namespace pharos::reports {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const Instant kT0 = Instant(Millis(1'800'057'600'000));  // 2027-01-16T00:00:00Z

Report sample() {
  Report r;
  r.window = {"24h", kT0, kT0 + 24h};
  r.time_zone = "Europe/Amsterdam";
  r.generated_at = kT0 + 24h;
  StatusTime up;
  up.operational = 23h;
  up.major = 30min;
  up.partial = 10min;
  up.no_data = 20min;
  ComponentReport api{"api", "API, \"public\"", "platform", availability(up, {}), {}, std::nullopt};
  api.incidents.count = 2;
  api.incidents.by_impact = {0, 1, 0, 1};
  api.incidents.mttd = 120s;
  api.incidents.mttr = 2400s;
  api.incidents.mttr_count = 2;
  api.incidents.longest = 3000s;
  api.incidents.longest_id = "inc1";
  StatusTime nothing;
  nothing.no_data = 24h;
  ComponentReport docs{"docs", "Docs", "", availability(nothing, {}), {}, std::nullopt};
  r.components = {api, docs};
  return r;
}

// RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF rows.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(ReportFormatTest, JsonHasTheIssuesShapeWithNullForNoData) {
  json::value v = json::parse(json_text(report_json(sample())));
  const auto& window = v.at("window");
  EXPECT_EQ(window.at("from").as_string(), "2027-01-16T00:00:00Z");
  EXPECT_EQ(window.at("to").as_string(), "2027-01-17T00:00:00Z");
  EXPECT_EQ(window.at("time_zone").as_string(), "Europe/Amsterdam");
  const auto& api = v.at("components").at(0);
  for (const char* key : {"id", "name", "uptime_percent", "downtime_seconds", "incidents",
                          "mttd_seconds", "mtta_seconds", "mttr_seconds"}) {
    EXPECT_TRUE(api.as_object().contains(key)) << key;
  }
  // down = 1,800 + 0.3 × 600 = 1,980 s over 85,200 s measured.
  EXPECT_EQ(api.at("downtime_seconds").as_int64(), 1980);
  EXPECT_DOUBLE_EQ(api.at("uptime_percent").to_number<double>(), 97.6760);
  EXPECT_EQ(api.at("no_data_seconds").as_int64(), 1200);
  EXPECT_EQ(api.at("incidents").as_int64(), 2);
  EXPECT_EQ(api.at("incidents_by_impact").at("critical").as_int64(), 1);
  EXPECT_EQ(api.at("mttd_seconds").as_int64(), 120);
  EXPECT_TRUE(api.at("mtta_seconds").is_null());
  EXPECT_EQ(api.at("longest_incident_id").as_string(), "inc1");
  EXPECT_TRUE(v.at("components").at(1).at("uptime_percent").is_null()) << "no data is null";
  EXPECT_TRUE(v.at("vendors").as_array().empty());
}

TEST(ReportFormatTest, JsonTextWritesPlainDecimals) {
  json::object o{{"a", 99.9583}, {"b", 100.0}, {"c", std::int64_t{7}}, {"d", "x\"y"}};
  EXPECT_EQ(json_text(o), R"({"a":99.9583,"b":100,"c":7,"d":"x\"y"})");
}

TEST(ReportFormatTest, CsvParsesBackToTheSameFigures) {
  Report r = sample();
  auto rows = parse_csv(report_csv(r));
  ASSERT_EQ(rows.size(), 3u) << "a header and one row per component";
  const auto& header = rows[0];
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(rows[1][column("id")], "api");
  EXPECT_EQ(rows[1][column("name")], "API, \"public\"");
  EXPECT_EQ(rows[1][column("group")], "platform");
  EXPECT_EQ(std::stod(rows[1][column("uptime_percent")]), 97.676);
  EXPECT_EQ(rows[1][column("downtime_seconds")], "1980");
  EXPECT_EQ(rows[1][column("mtta_seconds")], "") << "null is an empty field";
  EXPECT_EQ(rows[1][column("incidents_critical")], "1");
  EXPECT_EQ(rows[2][column("uptime_percent")], "");
  EXPECT_EQ(rows[2][column("group")], "");
}

TEST(ReportFormatTest, TableShowsNoDataAndDurations) {
  std::string table = report_table(sample(), TimeZone::utc());
  EXPECT_NE(table.find("Report 24h: 2027-01-16 00:00 to 2027-01-17 00:00 UTC"), std::string::npos)
      << table;
  EXPECT_NE(table.find("97.676%"), std::string::npos) << table;
  EXPECT_NE(table.find("33m"), std::string::npos) << table;  // 1,980 s
  EXPECT_NE(table.find("no data"), std::string::npos) << table;
}

}  // namespace
}  // namespace pharos::reports
