#pragma once
// Post-mortem text → Markdown. Lines that are a recognised section heading ("Description:",
// "Type of Event:", "Services\Modules Impacted:", "Timeline:", "Total Duration of Event:",
// "Root Cause Analysis:", "Remediation:", "Preventative Action:", "What Happened?", …) become
// "## <heading>" (trailing colon dropped, the page's wording kept); bullet characters become "- ";
// every other non-blank line is its own paragraph.
#include <string>
#include <vector>

#include "importer/text_lines.h"

namespace pharos::importer {

// True when `line` reads as a post-mortem section heading.
bool is_postmortem_heading(const std::string& line);

std::string postmortem_markdown(const std::vector<Line>& lines, size_t begin, size_t end);

}  // namespace pharos::importer
