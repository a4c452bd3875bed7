#pragma once
// The words pages use for statuses and severities, mapped to Statuspage's enums.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace pharos::importer {

// An update label or status word: "Investigating", "identified", "In progress", "Completed",
// Instatus "INPROGRESS"/"NOTSTARTEDYET", Cachet "Watching"/"Fixed". "Update" is not a status
// (see is_update_label). Case-insensitive.
std::optional<IncidentStatus> parse_status_word(std::string_view word);
// "Update" / "Updated": an entry that keeps the status in force.
bool is_update_label(std::string_view word);
// "Postmortem" / "Post-mortem" / "Post mortem".
bool is_postmortem_label(std::string_view word);

// The status an unlabelled update's wording states: resolved ("resolved", "fixed", "back to
// normal", "restored", …), monitoring ("monitor"), identified, investigating ("investigat"); the
// strongest over the body's sentences. Sentences about the future ("will", "until", "once", "as
// soon as", "when") state nothing. nullopt when no sentence names a status.
std::optional<IncidentStatus> status_from_wording(std::string_view body);

// The status of an unlabelled timeline entry: the first of several is investigating, later ones
// take their wording's status, else keep `previous`. A page's only entry is a retrospective: its
// wording's status, else resolved when it runs to 40 words or more, else investigating.
IncidentStatus infer_entry_status(std::string_view body, bool first, bool only,
                                  IncidentStatus previous);

// A severity word or label: Notice→none, Minor, Major, Critical, Maintenance; "S1"/"P1"/"SEV1"
// → critical, 2 → major, 3 → minor, 4/5 → none; "S0"/"SEV0" → critical. Case-insensitive.
std::optional<Impact> parse_impact_word(std::string_view word);

// The severity label a title starts with ("S2 - Engage down" → major), if any.
std::optional<Impact> impact_from_title_prefix(std::string_view title);

}  // namespace pharos::importer
