#pragma once
// The CLI's --json forms: the management API's (statuspage/json.h: times ISO-8601 UTC, absent
// values null, incident_updates newest first) plus what an operator at the console also wants to
// see (an incident's duration, detection time, vendor and source; a component's dependencies).
#include <boost/json.hpp>

#include <vector>

#include "domain/model.h"

namespace pharos::cli {

boost::json::object incident_json(const Incident& incident);
boost::json::object component_json(const Component& component);
// Prints one value on one line.
void print_json(const boost::json::value& value);

// Prints `items` as one JSON array on one line, each item as `view(item)`: every `list --json`.
template <typename T, typename View>
void print_json_array(const std::vector<T>& items, View view) {
  boost::json::array out;
  for (const auto& item : items) out.push_back(view(item));
  print_json(out);
}

}  // namespace pharos::cli
