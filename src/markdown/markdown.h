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

// Thread-safe. The text a reader sees, on one line: markup dropped (emphasis, links keep their
// text, headings and list items their words), blocks and line breaks joined by one space, runs
// of white space collapsed. Raw HTML is dropped as in to_html. For excerpts and plain-text
// contexts; shorten with core's shorten_utf8.
std::string to_plain_text(std::string_view markdown);

}  // namespace pharos::markdown
