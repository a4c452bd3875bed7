#include "site/widget.h"

#include <boost/json.hpp>

#include "core/text.h"
#include "site/api_json.h"
#include "site/badge.h"
#include "site/html_common.h"

namespace pharos::site {
namespace {

// JSON that may sit inside a <script> element or a .js file: "<" escaped, so no "</script>" or
// "<!--" can appear, and U+2028/2029 escaped for old parsers.
std::string script_safe_json(const boost::json::value& value) {
  std::string json = boost::json::serialize(value);
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<') {
      out += "\\u003c";
    } else if (json.compare(i, 3, "\xE2\x80\xA8") == 0) {
      out += "\\u2028";
      i += 2;
    } else if (json.compare(i, 3, "\xE2\x80\xA9") == 0) {
      out += "\\u2029";
      i += 2;
    } else {
      out += json[i];
    }
  }
  return out;
}

constexpr std::string_view kIndicators[] = {"none", "minor", "major", "critical", "maintenance"};
// The page's own address with one trailing slash; empty when the config names none (the widget
// then links to the server it came from).
std::string page_home(const SiteData& data) {
  std::string url = data.page.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url.empty() ? url : url + "/";
}

}  // namespace

std::string render_widget_script(const SiteData& data) {
  boost::json::object config;
  config["page_name"] = data.page.name;
  config["page_url"] = page_home(data);
  config["link_title"] = html::raw_text(data, "widget_view_page");
  // The API's descriptions stay Statuspage's English; the widget shows the page's text for each.
  boost::json::object texts;
  for (const auto& [description, key] : html::description_keys())
    texts[description] = html::raw_text(data, key);
  config["texts"] = std::move(texts);
  boost::json::object colors;
  for (auto indicator : kIndicators) colors[indicator] = indicator_color(data, indicator);
  config["colors"] = std::move(colors);
  std::string out = "(function (config) {\n";
  out += widget_script();
  out += "})(" + script_safe_json(config) + ");\n";
  return out;
}

std::string render_widget_page(const SiteData& data) {
  auto status = api_status(data);
  std::string_view indicator = status["indicator"].as_string();
  std::string_view description = status["description"].as_string();
  std::string_view key = html::description_key(description);
  std::string shown = key.empty() ? html_escape(description) : html::text(data, key);
  std::string href = page_home(data);
  if (href.empty()) href = "/";
  const std::string& lang = data.page.brand.language;
  std::string out;
  out += "<!doctype html>\n<html lang=\"" + html_escape(lang.empty() ? "en" : lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"refresh\" content=\"60\">\n<title>" +
         html_escape(data.page.name) + " " + html::text(data, "status_suffix") + "</title>\n";
  // The colour was validated as a CSS colour (config/brand.h) or is built in.
  out +=
      "<style>html,body{margin:0;background:transparent}"
      "a{display:inline-flex;align-items:center;gap:8px;padding:4px 12px;"
      "border:1px solid #e3e7ed;border-radius:999px;background:#fff;color:#1d2330;"
      "text-decoration:none;font:14px/1.4 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,"
      "sans-serif}.dot{width:10px;height:10px;border-radius:50%;flex:none;background:" +
      indicator_color(data, indicator) + "}</style>\n</head>\n<body>\n";
  out += "<a class=\"pharos-status\" data-indicator=\"" + html_escape(indicator) + "\" href=\"" +
         html_escape(href) + "\" target=\"_blank\" rel=\"noopener\" title=\"" +
         html::text(data, "widget_view_page") +
         "\"><span class=\"dot\"></span><span "
         "class=\"pharos-status-text\">" +
         shown + "</span></a>\n</body>\n</html>\n";
  return out;
}

}  // namespace pharos::site
