#pragma once
// Markdown → HTML with cmark-gfm in safe mode plus the tagfilter extension: raw HTML and
// javascript: links never reach the page. Autolinks, strikethrough and tables are enabled.
// Its own module so the public site and the admin UI's previews render bodies the same way,
// and only this module sees cmark-gfm.
#include <string>
#include <string_view>

namespace pharos::markdown {

// Thread-safe. Returns HTML fragment text (block elements).
std::string to_html(std::string_view markdown);

}  // namespace pharos::markdown
