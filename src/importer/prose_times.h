#pragma once
// Times a page states only in its prose, for pages without stamped updates (blog posts,
// write-ups): "between 3:40AM and 7:49AM ET", "From 11-Nov-2021 03:56:39 UTC to 11-Nov-2021
// 05:57:33 UTC", "starting at 12:00AM ET". Pure.
#include <chrono>
#include <optional>
#include <string_view>

#include "importer/time_text.h"

namespace pharos::importer {

struct ProseSpan {
  std::optional<LocalStamp> start;  // each with a time of day; the start borrows the end's zone
  std::optional<LocalStamp> end;    // and date when it prints none ("between 3:40AM and 7:49AM ET")
};

// The first span the text states, else an empty span.
ProseSpan find_prose_span(std::string_view text);

// How long the text says the outage lasted ("down for nineteen minutes", "for 2 hours").
std::optional<std::chrono::minutes> find_prose_length(std::string_view text);

}  // namespace pharos::importer
