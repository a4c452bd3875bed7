#include "config/brand.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/words.h"

namespace pharos::config {
namespace {

namespace fs = std::filesystem;

struct ImageType {
  std::string_view extension;
  std::string_view content_type;
};
constexpr ImageType kImageTypes[] = {
    {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"},   {"jpeg", "image/jpeg"},
    {"webp", "image/webp"},   {"gif", "image/gif"}, {"ico", "image/x-icon"},
};

// A name relative to the config file's directory (a config from text: the working directory).
fs::path resolve(const Reader& r, const std::string& name) {
  fs::path p(name);
  if (p.is_absolute()) return p;
  return fs::path(r.file()).parent_path() / p;
}

// The file's bytes; nullopt with an error at `at` when it is missing, unreadable or too large.
std::optional<std::string> read_file(Reader& r, const YAML::Node& at, const std::string& field,
                                     const std::string& name, std::size_t cap) {
  fs::path path = resolve(r, name);
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || !fs::is_regular_file(path)) {
    r.error(at, field, "cannot read '" + name + "' (looked for " + path.string() + ")");
    return std::nullopt;
  }
  if (size > cap) {
    r.error(at, field,
            "'" + name + "' is " + std::to_string(size) + " bytes; the limit is " +
                std::to_string(cap / 1024) + " KiB");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    r.error(at, field, "cannot read '" + name + "' (looked for " + path.string() + ")");
    return std::nullopt;
  }
  return bytes.str();
}

bool is_http_url(std::string_view url, bool https_only) {
  std::string_view rest;
  if (url.starts_with("https://"))
    rest = url.substr(8);
  else if (!https_only && url.starts_with("http://"))
    rest = url.substr(7);
  else
    return false;
  if (rest.empty() || rest.front() == '/') return false;
  // No spaces, quotes or angle brackets: the URL goes into attributes and CSS as it is.
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\'' || c == '<' || c == '>' ||
           c == '\\' || c == 0x7f;
  });
}

// `logo: logo.png` (a file) or `logo: https://cdn.example.com/logo.svg`.
BrandImage read_image(Reader& r, const YAML::Node& map, const char* key, const std::string& field,
                      bool icon) {
  BrandImage image;
  auto value = r.string(map, key, field);
  if (!value) return image;
  std::string f = join_field(field, key);
  if (value->starts_with("http://") || value->starts_with("https://")) {
    if (!is_http_url(*value, true)) {
      r.error(map[key], f, "an image URL must be https:// with no spaces or quotes");
    } else {
      image.url = *value;
    }
    return image;
  }
  std::string ext = fs::path(*value).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const ImageType* type = nullptr;
  for (const auto& t : kImageTypes) {
    if (t.extension == ext && (icon || t.extension != "ico")) type = &t;
  }
  if (!type) {
    r.error(map[key], f,
            std::string("use a .svg, .png, .jpg, .webp or .gif file") + (icon ? " (or .ico)" : "") +
                ", or an https:// URL");
    return image;
  }
  if (auto bytes = read_file(r, map[key], f, *value, kMaxBrandImageBytes)) {
    image.bytes = std::move(*bytes);
    image.content_type = type->content_type;
    image.extension = type->extension == "jpeg" ? "jpg" : std::string(type->extension);
  }
  return image;
}

void read_colors(Reader& r, const YAML::Node& map, const std::string& field, BrandColors& colors) {
  const YAML::Node node = map["colors"];
  if (!node.IsDefined() || node.IsNull()) return;
  std::string f = join_field(field, "colors");
  struct Slot {
    const char* key;
    std::string* value;
  };
  const Slot slots[] = {
      {"accent", &colors.accent},
      {"header_background", &colors.header_background},
      {"header_text", &colors.header_text},
      {"operational", &colors.operational},
      {"degraded", &colors.degraded},
      {"partial", &colors.partial},
      {"major", &colors.major},
      {"maintenance", &colors.maintenance},
  };
  std::vector<std::string_view> keys;
  for (const auto& s : slots) keys.push_back(s.key);
  if (!r.check_map(node, f, keys)) return;
  for (const auto& s : slots) {
    auto value = r.string(node, s.key, f);
    if (!value) continue;
    if (!is_css_color(*value)) {
      r.error(node[s.key], join_field(f, s.key),
              "'" + *value +
                  "' is not a colour Pharos accepts: use #rrggbb (or #rgb, #rrggbbaa), "
                  "rgb(…) or hsl(…)");
      continue;
    }
    *s.value = *value;
  }
}

void read_links(Reader& r, const YAML::Node& map, const std::string& field,
                std::vector<BrandLink>& links) {
  const YAML::Node node = map["links"];
  if (!node.IsDefined() || node.IsNull()) return;
  std::string f = join_field(field, "links");
  if (!r.check_sequence(node, f)) return;
  if (node.size() > kMaxBrandLinks) {
    r.error(node, f, "at most " + std::to_string(kMaxBrandLinks) + " header links");
    return;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    std::string item = index_field(f, i);
    if (!r.check_map(node[i], item, {"label", "url"})) continue;
    BrandLink link;
    if (auto label = r.string(node[i], "label", item, true)) link.label = *label;
    if (auto url = r.string(node[i], "url", item, true)) {
      if (!is_http_url(*url, false)) {
        r.error(node[i]["url"], join_field(item, "url"),
                "a link must be an http:// or https:// URL with no spaces or quotes");
        continue;
      }
      link.url = *url;
    }
    if (!link.label.empty() && !link.url.empty()) links.push_back(std::move(link));
  }
}

void read_strings(Reader& r, const YAML::Node& map, const std::string& field,
                  std::map<std::string, std::string, std::less<>>& strings) {
  const YAML::Node node = map["strings"];
  if (!node.IsDefined() || node.IsNull()) return;
  std::string f = join_field(field, "strings");
  if (!node.IsMap()) {
    r.error(node, f, "expected a mapping of text keys to texts (docs/configuration.md lists them)");
    return;
  }
  std::vector<std::string_view> keys;
  for (const auto& t : page_text_defaults()) keys.push_back(t.key);
  for (const auto& pair : node) {
    std::string key = pair.first.Scalar();
    if (!is_page_text_key(key)) {
      std::string message = "unknown text key '" + key + "'";
      std::string_view closest = nearest(key, keys);
      if (!closest.empty()) message += "; did you mean '" + std::string(closest) + "'?";
      message += " (docs/configuration.md lists every key)";
      r.error(pair.first, join_field(f, key), message);
      continue;
    }
    if (strings.count(key)) {
      r.error(pair.first, join_field(f, key), "duplicate key");
      continue;
    }
    if (auto text = r.string(node, key.c_str(), f)) strings.emplace(key, *text);
  }
}

bool is_language_tag(std::string_view tag) {
  // "de", "pt-BR", "zh-Hant": a primary subtag of 2–3 letters, then subtags of 1–8 alphanumerics.
  size_t i = 0;
  size_t part = 0;
  size_t len = 0;
  for (; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-') {
      if (len == 0 || len > 8 || (part == 0 && (len < 2 || len > 3))) return false;
      ++part;
      len = 0;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(tag[i]);
    if (part == 0 ? !std::isalpha(c) : !std::isalnum(c)) return false;
    ++len;
  }
  return !tag.empty();
}

}  // namespace

bool is_css_color(std::string_view v) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (v.starts_with('#')) {
    std::string_view digits = v.substr(1);
    size_t n = digits.size();
    return (n == 3 || n == 4 || n == 6 || n == 8) && std::all_of(digits.begin(), digits.end(), hex);
  }
  for (std::string_view fn : {"rgb(", "rgba(", "hsl(", "hsla("}) {
    if (!v.starts_with(fn) || !v.ends_with(')')) continue;
    std::string_view inner = v.substr(fn.size(), v.size() - fn.size() - 1);
    if (inner.empty() || inner.size() > 64) return false;
    return std::all_of(inner.begin(), inner.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',' || c == '%' ||
             c == '/' || c == ' ';
    });
  }
  return false;
}

void read_brand(Reader& r, const YAML::Node& page_node, const std::string& field, Brand& brand) {
  const YAML::Node node = page_node["brand"];
  if (!node.IsDefined() || node.IsNull()) return;
  std::string f = join_field(field, "brand");
  if (!r.check_map(node, f,
                   {"logo", "logo_alt", "favicon", "colors", "css", "links", "footer", "language",
                    "strings"})) {
    return;
  }
  brand.logo = read_image(r, node, "logo", f, false);
  if (auto alt = r.string(node, "logo_alt", f)) brand.logo_alt = *alt;
  brand.favicon = read_image(r, node, "favicon", f, true);
  read_colors(r, node, f, brand.colors);
  if (auto css = r.string(node, "css", f)) {
    if (auto bytes = read_file(r, node["css"], join_field(f, "css"), *css, kMaxCustomCssBytes)) {
      brand.custom_css = std::move(*bytes);
    }
  }
  read_links(r, node, f, brand.links);
  if (auto footer = r.string(node, "footer", f)) {
    if (footer->size() > 2000) {
      r.error(node["footer"], join_field(f, "footer"), "at most 2000 characters");
    } else {
      brand.footer_text = *footer;
    }
  }
  if (auto language = r.string(node, "language", f)) {
    if (!is_language_tag(*language)) {
      r.error(node["language"], join_field(f, "language"),
              "'" + *language + "' is not a language tag (e.g. de, fr, pt-BR)");
    } else {
      brand.language = *language;
    }
  }
  read_strings(r, node, f, brand.strings);
}

}  // namespace pharos::config
