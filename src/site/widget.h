#pragma once
// The embeddable widget: /widget.js (a script another site includes; it reads
// /api/v2/status.json, which the site serves with Access-Control-Allow-Origin: *) and /widget
// (the same state as a tiny page for an <iframe>, refreshed by the browser every minute, no
// JavaScript). Both in the page's texts and colours. See docs/widgets.md.
#include <string>
#include <string_view>

#include "site/site_data.h"

namespace pharos::site {

inline constexpr const char* kWidgetScriptPath = "/widget.js";
inline constexpr const char* kWidgetPagePath = "/widget";

// The script: web/static/widget.js wrapped in a function given the page's texts and colours.
std::string render_widget_script(const SiteData& data);
// The iframe page.
std::string render_widget_page(const SiteData& data);

// web/static/widget.js, embedded at build time.
std::string_view widget_script();

}  // namespace pharos::site
