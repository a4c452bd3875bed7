#include "site/badge.h"

#include <cmath>

#include "core/text.h"
#include "site/api_json.h"
#include "site/html_common.h"

namespace pharos::site {
namespace {

// Approximate advance widths of 11px Verdana, the badge font (as shields.io measures): exact
// widths need the font, which a server does not have; a little slack keeps text inside.
double char_width(char32_t c) {
  if (c == ' ') return 3.9;
  if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' || c == ';' ||
      c == '\'' || c == '!' || c == '|')
    return 3.4;
  if (c == 'f' || c == 't' || c == 'r' || c == 'I' || c == '(' || c == ')' || c == '-') return 4.6;
  if (c == 'm' || c == 'w' || c == 'M' || c == 'W') return 10.5;
  if (c >= 'A' && c <= 'Z') return 7.7;
  if (c < 0x80) return 6.9;
  return 8.0;  // other scripts: wider than Latin on average
}

double text_width(std::string_view text) {
  double width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) == 0x80) continue;  // UTF-8 continuation bytes add no glyph
    width += char_width(b < 0x80 ? static_cast<char32_t>(b) : 0x100);
  }
  return width;
}

// Dark text on light colours (the built-in yellow, a pale brand colour), white otherwise.
// Only #hex colours are measured; rgb()/hsl() keep white.
std::string_view ink_for(std::string_view color) {
  if (!color.starts_with('#')) return "#fff";
  std::string hex(color.substr(1));
  if (hex.size() == 3 || hex.size() == 4) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
  if (hex.size() < 6) return "#fff";
  auto channel = [&](int i) {
    double v = std::stoi(hex.substr(static_cast<size_t>(i) * 2, 2), nullptr, 16) / 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  double luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance > 0.4 ? "#1d1600" : "#fff";
}

std::string_view badge_key(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::kOperational:
      return "badge_operational";
    case ComponentStatus::kDegradedPerformance:
      return "badge_degraded";
    case ComponentStatus::kPartialOutage:
      return "badge_partial_outage";
    case ComponentStatus::kMajorOutage:
      return "badge_major_outage";
    case ComponentStatus::kUnderMaintenance:
      return "badge_maintenance";
  }
  return "badge_operational";
}

// The page indicator as the component status of the same colour.
ComponentStatus indicator_status(std::string_view indicator) {
  if (indicator == "minor") return ComponentStatus::kDegradedPerformance;
  if (indicator == "major") return ComponentStatus::kPartialOutage;
  if (indicator == "critical") return ComponentStatus::kMajorOutage;
  if (indicator == "maintenance") return ComponentStatus::kUnderMaintenance;
  return ComponentStatus::kOperational;
}

std::string fixed(double v) { return std::to_string(static_cast<long>(std::lround(v * 10))); }

}  // namespace

std::string status_color(const SiteData& data, ComponentStatus status) {
  const BrandColors& c = data.page.brand.colors;
  auto pick = [](const std::string& brand, const char* builtin) {
    return brand.empty() ? std::string(builtin) : brand;
  };
  // The built-in values are web/static/pharos.css's --ok, --degraded, --partial, --major, --maint.
  switch (status) {
    case ComponentStatus::kOperational:
      return pick(c.operational, "#1f9d55");
    case ComponentStatus::kDegradedPerformance:
      return pick(c.degraded, "#d69e00");
    case ComponentStatus::kPartialOutage:
      return pick(c.partial, "#e06c00");
    case ComponentStatus::kMajorOutage:
      return pick(c.major, "#d62d20");
    case ComponentStatus::kUnderMaintenance:
      return pick(c.maintenance, "#2f6fde");
  }
  return "#1f9d55";
}

std::string indicator_color(const SiteData& data, std::string_view indicator) {
  return status_color(data, indicator_status(indicator));
}

std::string render_badge_svg(std::string_view label, std::string_view value,
                             std::string_view color) {
  // Widths in tenths of a pixel, so the SVG holds integers (the shields.io convention: text is
  // drawn at 10× and scaled by 0.1).
  double label_w = std::round(text_width(label) + 12);
  double value_w = std::round(text_width(value) + 12);
  double total = label_w + value_w;
  std::string l = html_escape(label);
  std::string v = html_escape(value);
  std::string c = html_escape(color);
  std::string ink(ink_for(color));
  std::string w = std::to_string(static_cast<long>(total));
  std::string lw = std::to_string(static_cast<long>(label_w));
  std::string vw = std::to_string(static_cast<long>(value_w));
  std::string out;
  out.reserve(1200);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w +
         "\" height=\"20\" role=\"img\" aria-label=\"" + l + ": " + v + "\">";
  out += "<title>" + l + ": " + v + "</title>";
  out +=
      "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" "
      "stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>";
  out += "<clipPath id=\"r\"><rect width=\"" + w +
         "\" height=\"20\" rx=\"3\" fill=\"#fff\"/>"
         "</clipPath>";
  out += "<g clip-path=\"url(#r)\"><rect width=\"" + lw +
         "\" height=\"20\" fill=\"#555\"/>"
         "<rect x=\"" +
         lw + "\" width=\"" + vw + "\" height=\"20\" fill=\"" + c +
         "\"/>"
         "<rect width=\"" +
         w + "\" height=\"20\" fill=\"url(#s)\"/></g>";
  out +=
      "<g text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" "
      "font-size=\"110\" text-rendering=\"geometricPrecision\">";
  out += "<text x=\"" + fixed(label_w / 2) + "\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\">" +
         l + "</text>";
  out += "<text x=\"" + fixed(label_w + value_w / 2) +
         "\" y=\"140\" transform=\"scale(.1)\" "
         "fill=\"" +
         ink + "\">" + v + "</text>";
  out += "</g></svg>\n";
  return out;
}

std::string render_page_badge(const SiteData& data) {
  auto status = api_status(data);
  std::string_view indicator = status["indicator"].as_string();
  ComponentStatus shown = indicator_status(indicator);
  return render_badge_svg(html::raw_text(data, "badge_label"),
                          html::raw_text(data, badge_key(shown)), status_color(data, shown));
}

std::string render_component_badge(const SiteData& data, const Component& component) {
  return render_badge_svg(component.name, html::raw_text(data, badge_key(component.status)),
                          status_color(data, component.status));
}

}  // namespace pharos::site
