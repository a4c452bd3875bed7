#pragma once
// Embeddable status badges (/badge.svg for the page, /components/<id>/badge.svg per component):
// a two-part SVG in the shape README badges use, "status | operational", the right half in the
// page's colour for that state. Pure functions of a SiteData; every text is XML-escaped.
#include <string>
#include <string_view>

#include "site/site_data.h"

namespace pharos::site {

// The SVG of a badge reading `label` | `value` with the value's half in `color` (a CSS colour
// validated by the config, or a built-in one).
std::string render_badge_svg(std::string_view label, std::string_view value,
                             std::string_view color);

// The page's badge: its state (as /api/v2/status.json's indicator) in the page's texts and colours.
std::string render_page_badge(const SiteData& data);
// A component's badge: its name and status.
std::string render_component_badge(const SiteData& data, const Component& component);

// The colour the page draws `status` in: the brand's, else the built-in stylesheet's.
std::string status_color(const SiteData& data, ComponentStatus status);
// The colour of a page indicator ("none", "minor", "major", "critical", "maintenance").
std::string indicator_color(const SiteData& data, std::string_view indicator);

}  // namespace pharos::site
