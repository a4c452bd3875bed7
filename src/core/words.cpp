#include "core/words.h"

#include <algorithm>

#include "core/text.h"

namespace pharos {

std::string shorten_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  constexpr std::string_view kEllipsis = "…";
  std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  // A continuation byte (10xxxxxx) is inside a character: back up to the byte that starts it.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  // A word boundary reads better, but not at the price of losing most of the text.
  std::size_t space = s.substr(0, cut + 1).find_last_of(' ');
  if (space != std::string_view::npos && space >= cut - cut / 3) cut = space;
  return std::string(trim(s.substr(0, cut))) + std::string(kEllipsis);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string_view nearest(std::string_view word, const std::vector<std::string_view>& candidates,
                         std::size_t max_distance) {
  std::string_view closest;
  std::size_t best = max_distance + 1;
  for (auto candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (d < best) {
      best = d;
      closest = candidate;
    }
  }
  return closest;
}

}  // namespace pharos
