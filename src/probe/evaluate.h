#pragma once
// Turns what a check saw (a ProbeResponse) into a verdict (CheckResult) by the monitor's
// expectations. Pure: no I/O, so every rule is unit-tested without a network.
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "domain/monitor.h"

namespace pharos::probe {

// A MonitorSpec with what can be prepared once instead of per check (the compiled regex).
// REQUIRES: `spec` outlives this object.
struct PreparedCheck {
  explicit PreparedCheck(const MonitorSpec& monitor_spec);
  const MonitorSpec& spec;
  std::optional<std::regex> body_regex;
};

// The raw observation of one check of one node.
struct ProbeResponse {
  bool transport_ok = true;            // false: connection, TLS, timeout or size failure
  std::string transport_message;       // why not, for people
  int http_status = 0;                 // 0 when there was no HTTP exchange (tcp, tls)
  std::string_view body;               // at most max_body_bytes
  std::optional<Instant> cert_expiry;  // leaf certificate notAfter, when TLS was used
  CheckTiming timing;
};

// Fills out.outcome, out.reason, out.http_status, out.timing, out.metric_value, out.expires_at.
// `now` is used for expiry arithmetic.
void evaluate(const PreparedCheck& check, const ProbeResponse& response, Instant now,
              CheckResult& out);

// Expiry rule shared by tls and credential: expired → down, within warn_before → degraded.
void apply_expiry(Instant expires_at, std::chrono::milliseconds warn_before, Instant now,
                  std::string_view what, CheckResult& out);

// "950ms", "2.5s": latency for reasons.
std::string format_latency(std::int64_t micros);

}  // namespace pharos::probe
