#include "reports/report_format.h"

#include <charconv>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/duration.h"

namespace pharos::reports {
namespace {

namespace json = boost::json;

std::int64_t whole_seconds(double ms) { return std::llround(ms / 1000.0); }
std::int64_t whole_seconds(Millis ms) { return whole_seconds(static_cast<double>(ms.count())); }

json::value seconds_or_null(const std::optional<Seconds>& s) {
  if (!s) return nullptr;
  return s->count();
}

json::value percent_or_null(const std::optional<double>& ratio) {
  if (!ratio) return nullptr;
  return uptime_percent(*ratio, 4);
}

void add_incidents(json::object& o, const IncidentFigures& f, bool acknowledged = true) {
  o["incidents"] = f.count;
  o["incidents_by_impact"] = {{"none", f.by_impact[0]},
                              {"minor", f.by_impact[1]},
                              {"major", f.by_impact[2]},
                              {"critical", f.by_impact[3]}};
  o["mttd_seconds"] = seconds_or_null(f.mttd);
  if (acknowledged) o["mtta_seconds"] = seconds_or_null(f.mtta);
  o["mttr_seconds"] = seconds_or_null(f.mttr);
  o["mttd_incidents"] = f.mttd_count;
  if (acknowledged) o["mtta_incidents"] = f.mtta_count;
  o["mttr_incidents"] = f.mttr_count;
  o["longest_incident_seconds"] = seconds_or_null(f.longest);
  o["longest_incident_id"] =
      f.longest_id.empty() ? json::value(nullptr) : json::value(f.longest_id);
}

void add_availability(json::object& o, const Availability& a) {
  o["uptime_percent"] = percent_or_null(a.uptime);
  o["downtime_seconds"] = whole_seconds(a.downtime_ms);
  o["measured_seconds"] = whole_seconds(a.measured);
}

json::object component_json(const ComponentReport& c) {
  json::object o{{"id", c.id}, {"name", c.name}};
  o["group"] = c.group_id.empty() ? json::value(nullptr) : json::value(c.group_id);
  add_availability(o, c.availability);
  const StatusTime& t = c.availability.time;
  o["observed_seconds"] = whole_seconds(t.observed());
  o["no_data_seconds"] = whole_seconds(t.no_data);
  o["maintenance_seconds"] = whole_seconds(t.maintenance);
  o["degraded_seconds"] = whole_seconds(t.degraded);
  o["partial_outage_seconds"] = whole_seconds(t.partial);
  o["major_outage_seconds"] = whole_seconds(t.major);
  add_incidents(o, c.incidents);
  o["slo"] = c.slo ? json::value(slo_json(*c.slo)) : json::value(nullptr);
  return o;
}

json::object group_json(const GroupReport& g) {
  json::object o{{"id", g.id}, {"name", g.name}};
  json::array members;
  for (const auto& id : g.components) members.push_back(json::value(id));
  o["components"] = std::move(members);
  add_availability(o, g.availability);
  add_incidents(o, g.incidents);
  o["slo"] = g.slo ? json::value(slo_json(*g.slo)) : json::value(nullptr);
  return o;
}

json::object monitor_json(const MonitorReport& m) {
  json::object o{{"name", m.name}, {"component", m.component}};
  o["uptime_percent"] = percent_or_null(m.figures.uptime);
  o["downtime_seconds"] = whole_seconds(m.figures.downtime_ms);
  o["measured_seconds"] = whole_seconds(m.figures.measured);
  o["no_data_seconds"] = whole_seconds(m.figures.no_data);
  o["checks"] = m.figures.checks;
  o["failures"] = m.figures.failures;
  return o;
}

json::object vendor_json(const VendorReport& v) {
  json::object o{{"id", v.slug}, {"name", v.name}};
  add_incidents(o, v.incidents, false);
  o["incident_seconds"] = whole_seconds(v.incident_time);
  return o;
}

std::string window_name(Millis w) { return format_duration_config(w); }

void write_json(std::string& out, const json::value& v);

void write_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, ec == std::errc() ? end : buf);
}

void write_json(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string(key));
        out += ':';
        write_json(out, value);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_json(out, item);
      }
      out += ']';
      return;
    }
    case json::kind::double_:
      write_number(out, v.get_double());
      return;
    default:
      out += json::serialize(v);
      return;
  }
}

// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string csv_value(const json::value& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(std::string(v.get_string()));
  std::string out;
  write_json(out, v);
  return out;
}

}  // namespace

boost::json::object slo_json(const SloStatus& s) {
  json::object o{{"target_percent", uptime_percent(s.spec.objective, 4)},
                 {"window", window_name(s.spec.window)}};
  o["uptime_percent"] = percent_or_null(s.uptime);
  o["budget_seconds"] = whole_seconds(s.budget_ms);
  o["spent_seconds"] = whole_seconds(s.spent_ms);
  o["budget_remaining_percent"] = std::round(s.remaining * 10000.0) / 100.0;
  json::object burn;
  for (const auto& b : s.burn) {
    burn[window_name(b.window)] =
        b.rate ? json::value(std::round(*b.rate * 100.0) / 100.0) : json::value(nullptr);
  }
  o["burn_rates"] = std::move(burn);
  o["alert"] = to_string(s.alert);
  o["alert_reason"] = s.reason;
  return o;
}

boost::json::object report_json(const Report& r) {
  json::object out;
  out["window"] = {{"label", r.window.label},
                   {"from", format_iso_utc(r.window.from)},
                   {"to", format_iso_utc(r.window.to)},
                   {"time_zone", r.time_zone},
                   {"include_maintenance", r.include_maintenance}};
  out["generated_at"] = format_iso_utc(r.generated_at);
  json::array components, groups, monitors, vendors;
  for (const auto& c : r.components) components.push_back(component_json(c));
  for (const auto& g : r.groups) groups.push_back(group_json(g));
  for (const auto& m : r.monitors) monitors.push_back(monitor_json(m));
  for (const auto& v : r.vendors) vendors.push_back(vendor_json(v));
  out["components"] = std::move(components);
  out["groups"] = std::move(groups);
  out["monitors"] = std::move(monitors);
  out["vendors"] = std::move(vendors);
  return out;
}

std::string json_text(const boost::json::value& value) {
  std::string out;
  write_json(out, value);
  return out;
}

std::string report_csv(const Report& r) {
  static const char* kColumns[] = {"id",
                                   "name",
                                   "group",
                                   "uptime_percent",
                                   "downtime_seconds",
                                   "measured_seconds",
                                   "no_data_seconds",
                                   "maintenance_seconds",
                                   "incidents",
                                   "mttd_seconds",
                                   "mtta_seconds",
                                   "mttr_seconds",
                                   "longest_incident_seconds"};
  std::string out;
  for (const char* column : kColumns) out += std::string(out.empty() ? "" : ",") + column;
  out += ",incidents_minor,incidents_major,incidents_critical\r\n";
  for (const auto& c : r.components) {
    json::object o = component_json(c);
    std::string row;
    for (std::size_t k = 0; k < std::size(kColumns); ++k) {
      row += (k ? "," : "") + csv_value(o.at(kColumns[k]));
    }
    for (std::size_t k = 1; k < 4; ++k) row += "," + std::to_string(c.incidents.by_impact[k]);
    out += row + "\r\n";
  }
  return out;
}

}  // namespace pharos::reports
