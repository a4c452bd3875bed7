#pragma once
// Affected-component lists as pages print them.
#include <string>
#include <string_view>
#include <vector>

namespace pharos::importer {

// Statuspage footer "This incident affected: A, B, and C." (also "affects", "This scheduled
// maintenance affected"): the names in order. Grouped components "Group (Child1, Child2)" become
// "Group - Child1", "Group - Child2" (the naming of Statuspage's affected_components).
std::vector<std::string> split_component_list(std::string_view list);

// Names printed run together without separators ("Kalix PlatformTelehealthOnline Schedulers").
// `known` are names the page spells out elsewhere (the summary sentence); they are matched first,
// the rest is cut where a lowercase letter or digit is followed directly by an uppercase letter,
// except inside a word that `context` (other text of the page: vendor, title, summary) spells
// with inner capitals ("ThinkLink"). `guessed` is set when any cut was not confirmed by a known
// name.
std::vector<std::string> split_run_together(std::string_view text,
                                            const std::vector<std::string>& known,
                                            std::string_view context, bool& guessed);

// The names a summary sentence spells out: "… affecting A and B and 1 more component, lasting …"
// → {"A", "B"}. Empty when the sentence has no "affecting".
std::vector<std::string> names_in_summary(std::string_view sentence);

}  // namespace pharos::importer
