#pragma once
// Words for people: excerpts cut between whole characters, and "did you mean" hints.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pharos {

// `s` whole if it fits in `max_bytes`; otherwise its longest prefix that ends at a UTF-8
// character boundary (at a space when one lies in the last third, trailing spaces dropped) and
// fits with "…" appended, plus "…". The result never exceeds `max_bytes` (for max_bytes ≥ 3)
// and never splits a multi-byte character.
std::string shorten_utf8(std::string_view s, std::size_t max_bytes);

// Levenshtein distance (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` within `max_distance` edits (the first of equals), or empty:
// the "did you mean" of a misspelt key or command.
std::string_view nearest(std::string_view word, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance = 2);

}  // namespace pharos
