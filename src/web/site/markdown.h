#pragma once
// Markdown → HTML with cmark-gfm in safe mode plus the tagfilter extension: raw HTML and
// javascript: links never reach the page. Autolinks, strikethrough and tables are enabled.
#include <string>
#include <string_view>

namespace pharos::web {

// Thread-safe. Returns HTML fragment text (block elements).
std::string render_markdown(std::string_view markdown);

}  // namespace pharos::web
