#pragma once
// The CLI's --json forms. Times are ISO-8601 UTC ("2021-03-22T19:22:00Z"), absent values null,
// updates oldest first (the order of the import contract).
#include <boost/json.hpp>

#include "domain/model.h"

namespace pharos::cli {

boost::json::object incident_json(const Incident& incident);
boost::json::object component_json(const Component& component);
// Prints one value on one line.
void print_json(const boost::json::value& value);

}  // namespace pharos::cli
