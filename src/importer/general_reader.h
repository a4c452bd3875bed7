#pragma once
// The layout-independent reader behind the exact layout parsers (parsers.h). It reads a page as a
// person would: the facts around the timeline (page_facts.h: publisher, severity, components,
// declared start/end, the page's date and zone), then the timeline (page_timeline.h: status
// labels and/or stamps with their text, in either order and either direction), then resolves
// every stamp (a year from the nearest dated line, a time-only stamp on the page's date, rolling
// past midnight), statuses (labels, else wording: vocabulary.h), the post-mortem (a Postmortem
// entry, an unlabelled late write-up, the analysis after the timeline, or a write-up page) and
// the times a page states only in prose ("between 3:40AM and 7:49AM ET").
//
// Fills ImportedIncident::reader = "general", a confidence per field and a warning for every
// guess. A page with neither a timeline nor text is an error naming the line; a stamp that
// needs --date or --tz is an error naming its line.
#include <vector>

#include "core/result.h"
#include "importer/imported_incident.h"
#include "importer/options.h"
#include "importer/parsers.h"
#include "importer/text_lines.h"

namespace pharos::importer {

Result<ImportedIncident> read_general(const std::vector<Line>& lines, const PageHints& hints,
                                      const ImportOptions& options);

}  // namespace pharos::importer
