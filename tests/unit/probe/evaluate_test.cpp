#include "probe/evaluate.h"

#include <gtest/gtest.h>

namespace pharos::probe {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

const Instant kNow = Instant(Millis(1'800'000'000'000));

CheckResult run(const MonitorSpec& spec, ProbeResponse response) {
  PreparedCheck check(spec);
  CheckResult out;
  evaluate(check, response, kNow, out);
  return out;
}

ProbeResponse http(int status, std::string_view body, std::int64_t total_us = 10'000) {
  ProbeResponse r;
  r.http_status = status;
  r.body = body;
  r.timing.total_us = total_us;
  return r;
}

TEST(EvaluateTest, HttpAssertionsTable) {
  MonitorSpec spec;
  spec.expect.body_contains = "\"db\":\"ok\"";
  spec.expect.body_regex = "ver(sion)?=[0-9]+";
  spec.expect.json = {{"$.status", "ok"}, {"$.checks[0]", "1"}};
  std::string good = R"({"status":"ok","db":"ok","checks":[1],"v":"version=3"})";
  struct Case {
    int status;
    std::string body;
    CheckOutcome want;
    const char* reason_part;
  } cases[] = {
      {200, good, CheckOutcome::kUp, ""},
      {404, good, CheckOutcome::kDown, "HTTP 404, expected 2xx"},
      {200, R"({"status":"ok","db":"down","checks":[1],"v":"version=3"})", CheckOutcome::kDown,
       "does not contain"},
      {200, R"({"status":"ok","db":"ok","checks":[1],"v":"v3"})", CheckOutcome::kDown,
       "does not match"},
      {200, R"({"status":"bad","db":"ok","checks":[1],"v":"ver=3"})", CheckOutcome::kDown,
       "$.status is bad, expected ok"},
      {200, R"({"db":"ok","checks":[1],"v":"ver=3"})", CheckOutcome::kDown, "$.status is missing"},
      {200, R"(<html>"db":"ok" ver=1)", CheckOutcome::kDown, "not JSON"},
  };
  for (const auto& c : cases) {
    auto out = run(spec, http(c.status, c.body));
    EXPECT_EQ(out.outcome, c.want) << c.body;
    EXPECT_NE(out.reason.find(c.reason_part), std::string::npos) << out.reason;
  }
}

TEST(EvaluateTest, StatusSetAndSlowness) {
  MonitorSpec spec;
  spec.expect.status = {200, 301};
  spec.degraded_after = milliseconds(800);
  EXPECT_EQ(run(spec, http(301, "")).outcome, CheckOutcome::kUp);
  auto slow = run(spec, http(200, "", 950'000));
  EXPECT_EQ(slow.outcome, CheckOutcome::kDegraded);
  EXPECT_EQ(slow.reason, "slow: 950ms > degraded_after 800ms");
  auto wrong = run(spec, http(204, "", 950'000));
  EXPECT_EQ(wrong.outcome, CheckOutcome::kDown) << "down wins over slow";
  EXPECT_EQ(wrong.reason, "HTTP 204, expected 200, 301");
}

TEST(EvaluateTest, TransportFailureIsDownWithItsReason) {
  MonitorSpec spec;
  ProbeResponse r;
  r.transport_ok = false;
  r.transport_message = "Connection refused";
  auto out = run(spec, r);
  EXPECT_EQ(out.outcome, CheckOutcome::kDown);
  EXPECT_EQ(out.reason, "Connection refused");
}

TEST(EvaluateTest, CertificateExpiringWithinWarnBeforeIsDegraded) {
  MonitorSpec spec;
  spec.kind = MonitorKind::kTls;
  spec.warn_before = hours(24 * 14);
  ProbeResponse r;
  r.cert_expiry = kNow + hours(24 * 3);
  auto soon = run(spec, r);
  EXPECT_EQ(soon.outcome, CheckOutcome::kDegraded);
  EXPECT_NE(soon.reason.find("expires in 3d"), std::string::npos) << soon.reason;
  r.cert_expiry = kNow + hours(24 * 30);
  EXPECT_EQ(run(spec, r).outcome, CheckOutcome::kUp);
  r.cert_expiry = kNow - hours(1);
  EXPECT_EQ(run(spec, r).outcome, CheckOutcome::kDown);
  r.cert_expiry.reset();
  EXPECT_EQ(run(spec, r).outcome, CheckOutcome::kDown);
}

TEST(EvaluateTest, CredentialFromJwtOrExpiryField) {
  MonitorSpec spec;
  spec.kind = MonitorKind::kCredential;
  spec.warn_before = hours(24);
  spec.jwt_path = "$.token";
  // exp 1700000000 is long before kNow: expired.
  auto expired =
      run(spec,
          http(200, R"({"token":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZXhwIjoxNzAwMDAwMDAwfQ."})"));
  EXPECT_EQ(expired.outcome, CheckOutcome::kDown);
  EXPECT_NE(expired.reason.find("the token expired"), std::string::npos) << expired.reason;
  spec.jwt_path.clear();
  spec.expiry_path = "$.expires_at";
  EXPECT_EQ(run(spec, http(200, R"({"expires_at":"2028-01-15T00:00:00Z"})")).outcome,
            CheckOutcome::kUp);
  auto near = run(spec, http(200, R"({"expires_at":1800003600})"));  // kNow + 1h
  EXPECT_EQ(near.outcome, CheckOutcome::kDegraded) << near.reason;
  EXPECT_EQ(run(spec, http(200, R"({"other":1})")).outcome, CheckOutcome::kDown);
  EXPECT_EQ(run(spec, http(503, R"({"expires_at":1800003600})")).outcome, CheckOutcome::kDown);
}

TEST(EvaluateTest, MetricThresholds) {
  MonitorSpec spec;
  spec.kind = MonitorKind::kMetric;
  spec.metric.series = R"(conns{pool="main"})";
  spec.metric.warn_above = 800;
  spec.metric.fail_above = 1000;
  auto at = [&](const char* body) { return run(spec, http(200, body)); };
  EXPECT_EQ(at("conns{pool=\"main\"} 10\n").outcome, CheckOutcome::kUp);
  EXPECT_EQ(at("conns{pool=\"main\"} 10\n").metric_value, 10);
  EXPECT_EQ(at("conns{pool=\"main\"} 800\n").outcome, CheckOutcome::kDegraded);
  EXPECT_EQ(at("conns{pool=\"main\"} 1200\n").outcome, CheckOutcome::kDown);
  EXPECT_EQ(at("conns{pool=\"other\"} 1\n").outcome, CheckOutcome::kDown);
}

}  // namespace
}  // namespace pharos::probe
