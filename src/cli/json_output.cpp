#include "cli/json_output.h"

#include <iostream>

#include "statuspage/json.h"

namespace pharos::cli {
namespace {

namespace json = boost::json;

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

}  // namespace

json::object incident_json(const Incident& i) {
  json::object o = statuspage::incident_json(i);
  auto duration = i.duration();
  o["duration_seconds"] = duration ? json::value(duration->count()) : json::value(nullptr);
  o["detected_at"] = statuspage::time_or_null(i.detected_at);
  o["vendor"] = text_or_null(i.vendor);
  o["external_components"] = strings(i.external_components);
  o["source_url"] = text_or_null(i.source_url);
  return o;
}

json::object component_json(const Component& c) {
  json::object o = statuspage::component_json(c);
  o["status_source"] = c.status_source == StatusSource::kManual ? "manual" : "automatic";
  o["depends_on"] = strings(c.depends_on);
  return o;
}

void print_json(const boost::json::value& value) {
  std::cout << boost::json::serialize(value) << "\n";
}

}  // namespace pharos::cli
