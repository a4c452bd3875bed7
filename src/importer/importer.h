#pragma once
// The importer's front door: one report in, the incidents it holds out.
//
//   auto incidents = importer::parse_report(text, options);
//
// Detects the input (HTML by its markup, JSON by its first character, then the layout by its
// landmarks) unless options.format forces a layout, and runs that layout's parser. Pure: no I/O,
// no storage, no clock.
#include <string_view>
#include <vector>

#include "core/result.h"
#include "importer/imported_incident.h"
#include "importer/options.h"

namespace pharos::importer {

// The layout `text` is in (never kAuto), or a kInvalidArgument error naming line 1 and the
// layouts that were looked for.
Result<Format> detect_format(std::string_view text);

// Parses a whole report. Errors name "<file>:<line>" (or the JSON pointer) and what was expected.
Result<std::vector<ImportedIncident>> parse_report(std::string_view text,
                                                   const ImportOptions& options);

}  // namespace pharos::importer
