#pragma once
// Reading one value out of a rendered page: the text that follows a marker (a csrf field's value,
// a secret shown once).
#include <string>
#include <string_view>

namespace pharos::testing {

// The text after the first `marker` in `html`, up to (not including) `end`; empty when `html`
// has no `marker`.
inline std::string text_after(const std::string& html, std::string_view marker, char end) {
  auto at = html.find(marker);
  if (at == std::string::npos) return "";
  at += marker.size();
  return html.substr(at, html.find(end, at) - at);
}

}  // namespace pharos::testing
