#pragma once
// Saved HTML pages → the numbered text lines the layout parsers read, with a real HTML parser
// (gumbo). Block elements (div, p, li, h1…, tr) end a line and leave a blank line (a paragraph
// break); <br> ends a line; <ol>/<ul> items start with "1. " / "- "; inline elements (span, a, var,
// strong) flow together, as a browser's "copy text" would give them, which is what the seed
// texts are. Whitespace collapses except inside <pre> and elements whose class contains
// "pre-wrap" (Statuspage's update bodies). Script, style, template, noscript, svg, buttons,
// forms and site chrome (nav, header, footer) are dropped; <head> gives only the canonical URL.
// Each line carries the source line where its text began.
#include <string_view>
#include <vector>

#include "importer/parsers.h"
#include "importer/text_lines.h"

namespace pharos::importer {

struct HtmlText {
  std::vector<Line> lines;
  PageHints hints;
};

// True when the input looks like markup (first non-blank character '<').
bool looks_like_html(std::string_view text);

HtmlText html_to_lines(std::string_view html);

}  // namespace pharos::importer
