// GET /api/manage/v1/reports/availability in-process: the real ReportService over the fixture's
// store and a results store on the same database, behind the real router and guard.
#include <gtest/gtest.h>

#include "api_fixture.h"
#include "reports/report_service.h"

namespace pharos::manage {
namespace {

namespace json = boost::json;
using M = web::Method;
using namespace std::chrono_literals;

class ReportsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    open_results();
    if (HasFatalFailure()) return;
    reports_ = std::make_unique<reports::ReportService>(
        *store_, *results_, reports::ReportCatalog{}, TimeZone::utc(), clock_);
    Services services = api_services();
    services.reports = reports_.get();
    reroute(services);
  }

  std::unique_ptr<reports::ReportService> reports_;
};

TEST_F(ReportsApiTest, ReportsEveryComponentOverTheWindowForReadTokens) {
  // api and web have no monitors: observed since created (the fixture's start). One hour later
  // api is in major outage for 6 minutes.
  clock_.advance(1h);
  std::string id = open_incident();
  clock_.advance(6min);
  ASSERT_EQ(as(Role::kResponder, M::kPost, "/incidents/" + id + "/resolve",
               R"({"incident":{"body":"ok"}})")
                .status,
            200u);
  clock_.advance(54min);  // two hours since the start
  auto r = as(Role::kViewer, M::kGet, "/reports/availability?window=24h");
  ASSERT_EQ(r.status, 200u) << r.body_view();
  EXPECT_NE(r.headers.find("Cache-Control: no-store"), std::string::npos);
  json::value v = parse(r);
  EXPECT_EQ(v.at("window").at("label").as_string(), "24h");
  const auto& components = v.at("components").as_array();
  ASSERT_EQ(components.size(), 2u);
  const auto& api = components[0];
  EXPECT_EQ(api.at("id").as_string(), "api");
  EXPECT_EQ(api.at("downtime_seconds").as_int64(), 360);
  EXPECT_EQ(api.at("no_data_seconds").as_int64(), 22 * 3600) << "before the page existed";
  // 1 − 360 / 7,200
  EXPECT_DOUBLE_EQ(api.at("uptime_percent").to_number<double>(), 95.0);
  EXPECT_EQ(api.at("incidents").as_int64(), 1);
  EXPECT_EQ(api.at("mttr_seconds").as_int64(), 360);
  EXPECT_TRUE(api.at("mttd_seconds").is_null()) << "a person opened it";
  EXPECT_DOUBLE_EQ(components[1].at("uptime_percent").to_number<double>(), 100.0);
  // Only api, from/to by date.
  auto one = as(Role::kViewer, M::kGet, "/reports/availability?component=api&from=2023-11-14");
  ASSERT_EQ(one.status, 200u) << one.body_view();
  EXPECT_EQ(parse(one).at("components").as_array().size(), 1u);
}

TEST_F(ReportsApiTest, BadQueriesNameTheParameter) {
  struct Case {
    const char* query;
    const char* field;
  };
  std::vector<Case> cases = {
      {"window=fortnight", "window"},
      {"window=7d&from=2023-11-01", "window"},
      {"from=tuesday", "from"},
      {"from=2023-11-14&to=2023-11-13", "from"},
      {"to=2023-11-14", "from"},
      {"component=api,nope", "component"},
      {"include_maintenance=yes", "include_maintenance"},
  };
  for (const auto& c : cases) {
    auto r = as(Role::kViewer, M::kGet, std::string("/reports/availability?") + c.query);
    EXPECT_EQ(r.status, 400u) << c.query << ": " << r.body_view();
    EXPECT_EQ(error_field(r), c.field) << c.query;
  }
}

TEST_F(ReportsApiTest, NeedsATokenAndTheService) {
  EXPECT_EQ(call(M::kGet, "/reports/availability", "").status, 401u);
  reroute(api_services());
  EXPECT_EQ(as(Role::kViewer, M::kGet, "/reports/availability").status, 503u);
}

}  // namespace
}  // namespace pharos::manage
