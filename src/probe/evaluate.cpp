#include "probe/evaluate.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstdio>

#include "core/duration.h"
#include "probe/expiry.h"
#include "probe/json_path.h"
#include "probe/prometheus_text.h"

namespace pharos::probe {
namespace {

void down(CheckResult& out, std::string reason) {
  out.outcome = CheckOutcome::kDown;
  out.reason = std::move(reason);
}

void degrade(CheckResult& out, std::string reason) {
  if (out.outcome != CheckOutcome::kUp) return;  // a worse verdict already stands
  out.outcome = CheckOutcome::kDegraded;
  out.reason = std::move(reason);
}

std::string status_list(const std::vector<int>& codes) {
  std::string out;
  for (int c : codes) out += (out.empty() ? "" : ", ") + std::to_string(c);
  return out;
}

bool check_status(const MonitorSpec& spec, int status, CheckResult& out) {
  if (std::find(spec.expect.status.begin(), spec.expect.status.end(), status) !=
      spec.expect.status.end()) {
    return true;
  }
  bool any_2xx = spec.expect.status == HttpExpect{}.status;
  down(out, "HTTP " + std::to_string(status) + ", expected " +
                (any_2xx ? std::string("2xx") : status_list(spec.expect.status)));
  return false;
}

std::optional<boost::json::value> parse_body_json(std::string_view body, CheckResult& out) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) {
    down(out, "the response body is not JSON: " + ec.message());
    return std::nullopt;
  }
  return value;
}

bool check_json(const MonitorSpec& spec, std::string_view body, CheckResult& out) {
  if (spec.expect.json.empty()) return true;
  auto doc = parse_body_json(body, out);
  if (!doc) return false;
  for (const auto& [path, expected] : spec.expect.json) {
    auto found = find_json_path(*doc, path);
    if (!found) return down(out, found.error().message), false;
    if (*found == nullptr) return down(out, path + " is missing from the response"), false;
    if (!json_matches(**found, expected)) {
      std::string why = path;
      why.append(" is ").append(json_scalar_text(**found)).append(", expected ").append(expected);
      down(out, why);
      return false;
    }
  }
  return true;
}

bool check_body(const PreparedCheck& check, std::string_view body, CheckResult& out) {
  const MonitorSpec& spec = check.spec;
  if (!spec.expect.body_contains.empty() && body.find(spec.expect.body_contains) == body.npos) {
    down(out, "the body does not contain '" + spec.expect.body_contains + "'");
    return false;
  }
  if (check.body_regex && !std::regex_search(body.begin(), body.end(), *check.body_regex)) {
    down(out, "the body does not match /" + spec.expect.body_regex + "/");
    return false;
  }
  return check_json(spec, body, out);
}

void check_credential(const MonitorSpec& spec, std::string_view body, Instant now,
                      CheckResult& out) {
  Result<Instant> expiry = Error::invalid("");
  bool jwt = !spec.jwt_path.empty();
  const std::string& path = jwt ? spec.jwt_path : spec.expiry_path;
  if (jwt && path == "$") {
    expiry = jwt_expiry(body);
  } else {
    auto doc = parse_body_json(body, out);
    if (!doc) return;
    auto found = find_json_path(*doc, path);
    if (!found) return down(out, found.error().message);
    if (*found == nullptr) return down(out, path + " is missing from the response");
    std::string text = json_scalar_text(**found);
    expiry = jwt ? jwt_expiry(text) : parse_expiry_text(text);
  }
  if (!expiry)
    return down(out, "cannot read the expiry at " + path + ": " + expiry.error().message);
  apply_expiry(*expiry, spec.warn_before, now, jwt ? "the token" : "the credential", out);
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_metric(const MetricRule& rule, std::string_view body, CheckResult& out) {
  auto value = find_series_value(body, rule.series);
  if (!value) return down(out, "no sample of " + rule.series + " in the response");
  out.metric_value = *value;
  std::string shown = rule.series + " = " + number_text(*value);
  if (rule.fail_above && *value >= *rule.fail_above)
    return down(out, shown + " ≥ fail_above " + number_text(*rule.fail_above));
  if (rule.fail_below && *value <= *rule.fail_below)
    return down(out, shown + " ≤ fail_below " + number_text(*rule.fail_below));
  if (rule.warn_above && *value >= *rule.warn_above)
    return degrade(out, shown + " ≥ warn_above " + number_text(*rule.warn_above));
  if (rule.warn_below && *value <= *rule.warn_below)
    degrade(out, shown + " ≤ warn_below " + number_text(*rule.warn_below));
}

}  // namespace

PreparedCheck::PreparedCheck(const MonitorSpec& monitor_spec) : spec(monitor_spec) {
  // The config reader already rejected invalid patterns, so this cannot throw for loaded configs.
  if (!spec.expect.body_regex.empty()) body_regex.emplace(spec.expect.body_regex);
}

std::string format_latency(std::int64_t micros) {
  if (micros < 10'000'000) return std::to_string((micros + 500) / 1000) + "ms";
  return number_text(static_cast<double>(micros) / 1e6) + "s";
}

void apply_expiry(Instant expires_at, std::chrono::milliseconds warn_before, Instant now,
                  std::string_view what, CheckResult& out) {
  out.expires_at = expires_at;
  std::string when = format_iso_utc(expires_at);
  if (expires_at <= now) return down(out, std::string(what) + " expired at " + when);
  auto left = std::chrono::duration_cast<std::chrono::seconds>(expires_at - now);
  if (expires_at - now <= warn_before) {
    degrade(out, std::string(what) + " expires in " + format_duration_short(left) + " (" + when +
                     "), within warn_before " + format_duration_config(warn_before));
  }
}

void evaluate(const PreparedCheck& check, const ProbeResponse& response, Instant now,
              CheckResult& out) {
  const MonitorSpec& spec = check.spec;
  out.outcome = CheckOutcome::kUp;
  out.reason.clear();
  out.http_status = response.http_status;
  out.timing = response.timing;
  if (!response.transport_ok) return down(out, response.transport_message);
  switch (spec.kind) {
    case MonitorKind::kHttp:
      if (!check_status(spec, response.http_status, out)) return;
      if (!check_body(check, response.body, out)) return;
      break;
    case MonitorKind::kCredential:
      if (!check_status(spec, response.http_status, out)) return;
      check_credential(spec, response.body, now, out);
      break;
    case MonitorKind::kMetric:
      if (!check_status(spec, response.http_status, out)) return;
      check_metric(spec.metric, response.body, out);
      break;
    case MonitorKind::kTls:
      if (!response.cert_expiry) return down(out, "the server presented no certificate");
      apply_expiry(*response.cert_expiry, spec.warn_before, now, "the certificate", out);
      break;
    case MonitorKind::kTcp:
    case MonitorKind::kDns:
    case MonitorKind::kHeartbeat:
      break;
  }
  if (out.outcome == CheckOutcome::kDown) return;
  auto total = std::chrono::microseconds(response.timing.total_us);
  if (spec.degraded_after && total > *spec.degraded_after) {
    degrade(out, "slow: " + format_latency(response.timing.total_us) + " > degraded_after " +
                     format_duration_config(*spec.degraded_after));
  }
}

}  // namespace pharos::probe
