#include "config/monitors.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "core/ids.h"

namespace pharos::config {
namespace {

using std::chrono::milliseconds;

const std::vector<std::string_view> kMonitorKeys = {"name",
                                                    "component",
                                                    "kind",
                                                    "url",
                                                    "target",
                                                    "nodes",
                                                    "interval",
                                                    "timeout",
                                                    "degraded_after",
                                                    "method",
                                                    "headers",
                                                    "body",
                                                    "follow_redirects",
                                                    "verify_tls",
                                                    "ca_file",
                                                    "max_body",
                                                    "expect",
                                                    "fall",
                                                    "rise",
                                                    "flap_detection",
                                                    "warn_before",
                                                    "expiry_path",
                                                    "jwt_path",
                                                    "token",
                                                    "every",
                                                    "grace",
                                                    "series",
                                                    "warn_above",
                                                    "fail_above",
                                                    "warn_below",
                                                    "fail_below",
                                                    "trend",
                                                    "locations",
                                                    "confirm"};

std::optional<double> number(Reader& r, const YAML::Node& map, const char* key,
                             const std::string& field) {
  YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    r.error(node, join_field(field, key), "expected a number");
    return std::nullopt;
  }
  return value;
}

bool valid_host_port(const std::string& s) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) return false;
  for (size_t i = colon + 1; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return s.size() - colon - 1 <= 5 && std::stoi(s.substr(colon + 1)) <= 65535;
}

// A node address: an IPv4/IPv6 literal or host name, optionally with :port ("[::1]:443" for IPv6).
bool valid_node(const std::string& s) {
  if (s.empty() || s.find_first_of(" /") != std::string::npos) return false;
  if (s.front() == '[') return s.find(']') != std::string::npos;
  return true;
}

void read_nodes(Reader& r, const YAML::Node& m, const std::string& field, MonitorSpec& spec) {
  YAML::Node node = m["nodes"];
  if (!node.IsDefined() || node.IsNull()) return;
  std::string path = join_field(field, "nodes");
  if (node.IsScalar()) {
    if (node.Scalar() == "dns") {
      spec.node_mode = NodeMode::kDns;
    } else {
      r.error(node, path,
              "expected dns or a list of addresses like [\"10.0.0.11\", \"10.0.0.12:8443\"]");
    }
    return;
  }
  auto list = r.string_list(m, "nodes", field);
  if (!list) return;
  if (list->empty()) r.error(node, path, "the list of nodes is empty");
  for (size_t i = 0; i < list->size(); ++i) {
    if (!valid_node((*list)[i]))
      r.error(node[i], index_field(path, i), "not an address: '" + (*list)[i] + "'");
  }
  spec.node_mode = NodeMode::kList;
  spec.nodes = *list;
}

void read_expect(Reader& r, const YAML::Node& m, const std::string& field, MonitorSpec& spec) {
  YAML::Node e = m["expect"];
  if (!e.IsDefined() || e.IsNull()) return;
  std::string path = join_field(field, "expect");
  if (!r.check_map(e, path, {"status", "body_contains", "body_regex", "json", "records"})) return;
  if (auto codes = r.string_list(e, "status", path)) {
    spec.expect.status.clear();
    for (size_t i = 0; i < codes->size(); ++i) {
      const std::string& c = (*codes)[i];
      bool digits = c.size() == 3 &&
                    std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!digits) {
        r.error(e["status"], join_field(path, "status"),
                "expected HTTP status codes like 200, got '" + c + "'");
        continue;
      }
      spec.expect.status.push_back(std::stoi(c));
    }
  }
  if (auto s = r.string(e, "body_contains", path)) spec.expect.body_contains = *s;
  if (auto s = r.string(e, "body_regex", path)) {
    try {
      std::regex compiled(*s);
      spec.expect.body_regex = *s;
    } catch (const std::regex_error& err) {
      r.error(e["body_regex"], join_field(path, "body_regex"),
              std::string("invalid regular expression: ") + err.what());
    }
  }
  if (auto records = r.string_list(e, "records", path)) spec.expect.records = *records;
  YAML::Node json = e["json"];
  if (json.IsDefined() && !json.IsNull()) {
    std::string jpath = join_field(path, "json");
    if (!json.IsMap()) {
      r.error(json, jpath, "expected a mapping of JSON paths to values, like { \"$.status\": ok }");
      return;
    }
    for (const auto& pair : json) {
      std::string key = pair.first.Scalar();
      if (key.empty() || key[0] != '$')
        r.error(pair.first, join_field(jpath, key), "a JSON path starts with $ (like $.status)");
      if (!pair.second.IsScalar()) {
        r.error(pair.second, join_field(jpath, key), "expected a scalar value to compare with");
        continue;
      }
      spec.expect.json.emplace_back(key, pair.second.Scalar());
    }
  }
}

void read_http(Reader& r, const YAML::Node& m, const std::string& field, MonitorSpec& spec) {
  if (auto s = r.string(m, "method", field)) {
    static const std::set<std::string> kMethods{"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
    if (!kMethods.count(*s))
      r.error(m["method"], join_field(field, "method"),
              "expected GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
    spec.method = *s;
  }
  YAML::Node h = m["headers"];
  if (h.IsDefined() && !h.IsNull()) {
    if (!h.IsMap()) {
      r.error(h, join_field(field, "headers"), "expected a mapping of header names to values");
    } else {
      for (const auto& pair : h) {
        std::string name = pair.first.Scalar();
        std::string hfield = join_field(join_field(field, "headers"), name);
        if (!pair.second.IsScalar()) {
          r.error(pair.second, hfield, "expected a text value");
          continue;
        }
        spec.headers.emplace_back(name, r.expand_env(pair.second.Scalar(), pair.second, hfield));
      }
    }
  }
  if (auto s = r.string(m, "body", field)) spec.body = *s;
  if (auto b = r.boolean(m, "follow_redirects", field)) spec.follow_redirects = *b;
  if (auto n = r.integer(m, "max_body", field, 1, std::int64_t{1} << 30)) spec.max_body_bytes = *n;
  read_expect(r, m, field, spec);
}

void read_metric(Reader& r, const YAML::Node& m, const std::string& field, MonitorSpec& spec) {
  if (auto s = r.string(m, "series", field, true)) spec.metric.series = *s;
  spec.metric.warn_above = number(r, m, "warn_above", field);
  spec.metric.fail_above = number(r, m, "fail_above", field);
  spec.metric.warn_below = number(r, m, "warn_below", field);
  spec.metric.fail_below = number(r, m, "fail_below", field);
  YAML::Node t = m["trend"];
  if (!t.IsDefined() || t.IsNull()) return;
  std::string tfield = join_field(field, "trend");
  if (!r.check_map(t, tfield, {"limit", "horizon", "samples"})) return;
  spec.metric.trend_limit = number(r, t, "limit", tfield);
  if (!spec.metric.trend_limit)
    r.error(t, join_field(tfield, "limit"), "missing required key 'limit'");
  if (auto d = r.duration(t, "horizon", tfield))
    spec.metric.trend_horizon = *d;
  else
    r.error(t, join_field(tfield, "horizon"), "missing required key 'horizon' (like 1h)");
  if (auto n = r.integer(t, "samples", tfield, 3, 1000))
    spec.metric.trend_samples = static_cast<int>(*n);
}

bool needs_url(MonitorKind k) {
  return k == MonitorKind::kHttp || k == MonitorKind::kCredential || k == MonitorKind::kMetric;
}

void check_kind_fields(Reader& r, const YAML::Node& m, const std::string& field,
                       MonitorSpec& spec) {
  if (needs_url(spec.kind)) {
    if (spec.url.empty())
      r.error(m, join_field(field, "url"),
              "missing required key 'url' for kind " + std::string(to_string(spec.kind)));
    else if (spec.url.rfind("http://", 0) != 0 && spec.url.rfind("https://", 0) != 0)
      r.error(m["url"], join_field(field, "url"), "must start with http:// or https://");
  }
  if (spec.kind == MonitorKind::kTcp || spec.kind == MonitorKind::kTls) {
    if (!valid_host_port(spec.target))
      r.error(m["target"].IsDefined() ? m["target"] : m, join_field(field, "target"),
              "expected host:port, like api.acme.example:443");
  }
  if (spec.kind == MonitorKind::kDns && spec.target.empty())
    r.error(m, join_field(field, "target"), "missing required key 'target' (the name to resolve)");
  if (spec.kind == MonitorKind::kCredential && spec.expiry_path.empty() == spec.jwt_path.empty())
    r.error(m, field, "a credential monitor needs exactly one of expiry_path or jwt_path");
  if ((spec.kind == MonitorKind::kDns || spec.kind == MonitorKind::kHeartbeat) &&
      spec.node_mode != NodeMode::kSingle)
    r.error(m["nodes"], join_field(field, "nodes"),
            "nodes does not apply to kind " + std::string(to_string(spec.kind)));
  if (spec.degraded_after && *spec.degraded_after >= spec.timeout)
    r.error(m["degraded_after"], join_field(field, "degraded_after"),
            "must be shorter than timeout");
}

void read_common(Reader& r, const YAML::Node& m, const std::string& field, const Config& config,
                 MonitorSpec& spec) {
  if (auto name = r.string(m, "name", field, true)) {
    if (!is_valid_id(*name))
      r.error(m["name"], join_field(field, "name"), "names use lowercase letters, digits, - and _");
    for (const auto& other : config.monitors) {
      if (other.name == *name)
        r.error(m["name"], join_field(field, "name"), "monitor name '" + *name + "' is used twice");
    }
    spec.name = *name;
  }
  if (auto c = r.string(m, "component", field, true)) {
    if (!config.find_component(*c))
      r.error(m["component"], join_field(field, "component"), "unknown component '" + *c + "'");
    spec.component = *c;
  }
  if (auto k = r.string(m, "kind", field, true)) {
    if (auto kind = parse_monitor_kind(*k))
      spec.kind = *kind;
    else
      r.error(m["kind"], join_field(field, "kind"),
              "unknown kind '" + *k +
                  "' (allowed: http, tcp, dns, tls, credential, heartbeat, metric)");
  }
  if (spec.kind == MonitorKind::kHeartbeat)
    spec.fall = spec.rise = 1;  // a missed deadline is definitive
  if (auto s = r.string(m, "url", field)) spec.url = *s;
  if (auto s = r.string(m, "target", field)) spec.target = *s;
  if (auto d = r.duration(m, "interval", field)) spec.interval = *d;
  if (auto d = r.duration(m, "timeout", field)) spec.timeout = *d;
  if (auto d = r.duration(m, "degraded_after", field)) spec.degraded_after = *d;
  if (spec.interval < milliseconds(100))
    r.error(m["interval"], join_field(field, "interval"), "must be at least 100ms");
  if (spec.timeout <= milliseconds(0))
    r.error(m["timeout"], join_field(field, "timeout"), "must be more than 0");
  if (auto n = r.integer(m, "fall", field, 1, 100)) spec.fall = static_cast<int>(*n);
  if (auto n = r.integer(m, "rise", field, 1, 100)) spec.rise = static_cast<int>(*n);
  if (auto b = r.boolean(m, "flap_detection", field)) spec.flap_detection = *b;
  if (auto b = r.boolean(m, "verify_tls", field)) spec.verify_tls = *b;
  if (auto s = r.string(m, "ca_file", field)) spec.ca_file = *s;
  if (auto d = r.duration(m, "warn_before", field)) spec.warn_before = *d;
}

void read_locations(Reader& r, const YAML::Node& m, const std::string& field, MonitorSpec& spec) {
  if (auto list = r.string_list(m, "locations", field)) {
    std::string path = join_field(field, "locations");
    if (list->empty())
      r.error(m["locations"], path,
              "the list of locations is empty (leave it out for every location)");
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string& name = (*list)[i];
      if (!is_valid_id(name))
        r.error(m["locations"], index_field(path, i),
                "locations use lowercase letters, digits, - and _");
      if (std::find(list->begin(), list->begin() + static_cast<std::ptrdiff_t>(i), name) !=
          list->begin() + static_cast<std::ptrdiff_t>(i))
        r.error(m["locations"], index_field(path, i), "location '" + name + "' is listed twice");
    }
    spec.locations = *list;
  }
  if (auto k = r.integer(m, "confirm", field, 1, 100)) {
    spec.confirm = static_cast<int>(*k);
    if (!spec.locations.empty() && *k > static_cast<std::int64_t>(spec.locations.size()))
      r.error(
          m["confirm"], join_field(field, "confirm"),
          "cannot be more than the " + std::to_string(spec.locations.size()) + " locations listed");
  }
  if (spec.kind == MonitorKind::kHeartbeat &&
      (m["locations"].IsDefined() || m["confirm"].IsDefined()))
    r.error(m["locations"].IsDefined() ? m["locations"] : m["confirm"],
            join_field(field, m["locations"].IsDefined() ? "locations" : "confirm"),
            "a heartbeat is pushed to Pharos, not checked from locations");
}

// Returns false when `m` is not a mapping (nothing was added).
bool read_monitor(Reader& r, const YAML::Node& m, const std::string& field, Config& config) {
  if (!r.check_map(m, field, kMonitorKeys)) return false;
  MonitorSpec spec;
  read_common(r, m, field, config, spec);
  read_nodes(r, m, field, spec);
  read_http(r, m, field, spec);
  if (auto s = r.string(m, "expiry_path", field)) spec.expiry_path = *s;
  if (auto s = r.string(m, "jwt_path", field)) spec.jwt_path = *s;
  if (auto s = r.string(m, "token", field)) spec.token = *s;
  if (spec.kind == MonitorKind::kHeartbeat && spec.token.empty()) spec.token = spec.name;
  if (auto d = r.duration(m, "every", field)) spec.every = *d;
  if (auto d = r.duration(m, "grace", field)) spec.grace = *d;
  if (spec.kind == MonitorKind::kMetric) read_metric(r, m, field, spec);
  read_locations(r, m, field, spec);
  check_kind_fields(r, m, field, spec);
  config.monitors.push_back(std::move(spec));
  return true;
}

}  // namespace

void read_monitors(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_sequence(node, "monitors")) return;
  std::set<std::string> tokens;
  // Sized once: grown by doubling, the vector of 10,000 specs had room for 16,384 (5 MB unused
  // for the life of the process).
  config.monitors.reserve(config.monitors.size() + node.size());
  for (size_t i = 0; i < node.size(); ++i) {
    if (!read_monitor(r, node[i], index_field("monitors", i), config)) continue;
    const MonitorSpec& spec = config.monitors.back();
    if (spec.kind == MonitorKind::kHeartbeat && !tokens.insert(spec.token).second) {
      r.error(node[i], index_field("monitors", i) + ".token",
              "two heartbeat monitors share this token");
    }
  }
}

}  // namespace pharos::config
