#pragma once
// The monitors most monitoring and automation tests start from, so each test states only what
// it changes.
#include <chrono>
#include <string>

#include "domain/monitor.h"

namespace pharos::testing {

// An http monitor `name` of `component`, checking http://<component>.test/healthz on three list
// nodes (10.0.0.11, .12, .13) every `interval`, fall 3, rise 2.
inline MonitorSpec three_node_http(std::string name, std::string component,
                                   std::chrono::milliseconds interval = std::chrono::seconds(30)) {
  MonitorSpec s;
  s.name = std::move(name);
  s.url = "http://" + component + ".test/healthz";
  s.component = std::move(component);
  s.node_mode = NodeMode::kList;
  s.nodes = {"10.0.0.11", "10.0.0.12", "10.0.0.13"};
  s.interval = interval;
  s.fall = 3;
  s.rise = 2;
  return s;
}

// A monitor `name` of `component` of `kind`, with MonitorSpec's defaults otherwise.
inline MonitorSpec monitor(std::string name, std::string component, MonitorKind kind) {
  MonitorSpec s;
  s.name = std::move(name);
  s.component = std::move(component);
  s.kind = kind;
  return s;
}

// A tls monitor checking the certificate at `target` ("host:port"); warns 14 days before expiry.
inline MonitorSpec certificate(std::string name, std::string component, std::string target) {
  MonitorSpec s = monitor(std::move(name), std::move(component), MonitorKind::kTls);
  s.target = std::move(target);
  return s;
}

// A heartbeat monitor pushed at /api/push/{token} (none: one is generated), expected every 24 h
// with an hour's grace.
inline MonitorSpec heartbeat(std::string name, std::string component, std::string token = "") {
  MonitorSpec s = monitor(std::move(name), std::move(component), MonitorKind::kHeartbeat);
  s.token = std::move(token);
  return s;
}

}  // namespace pharos::testing
