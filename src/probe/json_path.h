#pragma once
// A small JSONPath subset for assertions: `$`, `.key`, `['key']`, `[index]` (e.g.
// "$.checks[0].ok").
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos::probe {

// The value at `path` inside `root`, or nullptr when a step is missing. A malformed path is
// kInvalidArgument. The pointer refers into `root`.
Result<const boost::json::value*> find_json_path(const boost::json::value& root,
                                                 std::string_view path);

// The value as the text a config file would write for it: strings unquoted, numbers in shortest
// form (1, 2.5), true/false, null. Objects and arrays serialise as JSON.
std::string json_scalar_text(const boost::json::value& value);

// True when `actual` equals the config text `expected`: numbers compare numerically ("1" == 1.0),
// everything else by json_scalar_text.
bool json_matches(const boost::json::value& actual, std::string_view expected);

}  // namespace pharos::probe
