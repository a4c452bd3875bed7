#include "config/vendors.h"

#include <algorithm>
#include <set>

#include "core/enum_names.h"

namespace pharos::config {
namespace {

const std::vector<std::string_view> kVendorKeys = {"slug",     "name",    "url",        "format",
                                                   "interval", "timeout", "components", "public"};
constexpr std::chrono::milliseconds kMinInterval{std::chrono::seconds(10)};

bool valid_slug(const std::string& s) {
  if (s.empty() || s.size() > 64 || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_url(const std::string& url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.size() > scheme.size() && url.compare(0, scheme.size(), scheme) == 0) return true;
  }
  return false;
}

void read_timing(Reader& r, const YAML::Node& m, const std::string& field, VendorSpec& spec) {
  if (auto v = r.duration(m, "interval", field)) {
    if (*v < kMinInterval) {
      r.error(m["interval"], join_field(field, "interval"),
              "must be at least 10s (vendors rate-limit aggressive pollers)");
    }
    spec.interval = *v;
  }
  if (auto v = r.duration(m, "timeout", field)) {
    if (v->count() <= 0 || *v > spec.interval) {
      r.error(m["timeout"], join_field(field, "timeout"),
              "must be more than 0 and at most the interval");
    }
    spec.timeout = *v;
  }
}

void read_vendor(Reader& r, const YAML::Node& m, const std::string& field, Config& config,
                 std::set<std::string>& slugs) {
  if (!r.check_map(m, field, kVendorKeys)) return;
  VendorSpec spec;
  if (auto slug = r.string(m, "slug", field, true)) {
    if (!valid_slug(*slug)) {
      r.error(m["slug"], join_field(field, "slug"),
              "expected lower-case letters, digits and '-' (like 'cloudflare' or 'aws-s3')");
    } else if (!slugs.insert(*slug).second) {
      r.error(m["slug"], join_field(field, "slug"), "vendor '" + *slug + "' is listed twice");
    }
    spec.slug = *slug;
  }
  spec.name = r.string(m, "name", field).value_or(spec.slug);
  if (auto url = r.string(m, "url", field, true)) {
    if (!valid_url(*url))
      r.error(m["url"], join_field(field, "url"), "expected an http:// or https:// URL");
    spec.url = *url;
  }
  if (auto format = r.string(m, "format", field)) {
    auto parsed = parse_vendor_format(*format);
    if (!parsed) {
      r.error(m["format"], join_field(field, "format"),
              "expected auto, statuspage, instatus, incidentio, atom or rss");
    } else {
      spec.format = *parsed;
    }
  }
  read_timing(r, m, field, spec);
  if (auto components = r.string_list(m, "components", field)) spec.components = *components;
  spec.is_public = r.boolean(m, "public", field).value_or(false);
  config.vendors.push_back(std::move(spec));
}

std::string known_slugs(const Config& config) {
  std::string out;
  for (const auto& v : config.vendors) out += (out.empty() ? "" : ", ") + v.slug;
  return out.empty() ? "none" : out;
}

// "vendor:<slug>/<component>": the slug must be configured and, when the vendor lists the
// components that matter, the component must be one of them.
void check_reference(Reader& r, const YAML::Node& at, const std::string& field,
                     const std::string& dep, const Config& config) {
  std::string rest = dep.substr(std::string_view("vendor:").size());
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) {
    r.error(at, field, "expected vendor:<slug>/<component>, found '" + dep + "'");
    return;
  }
  std::string slug = rest.substr(0, slash);
  std::string component = rest.substr(slash + 1);
  auto it = std::find_if(config.vendors.begin(), config.vendors.end(),
                         [&](const VendorSpec& v) { return v.slug == slug; });
  if (it == config.vendors.end()) {
    r.error(at, field,
            "unknown vendor '" + slug + "' (configured vendors: " + known_slugs(config) + ")");
    return;
  }
  if (!it->components.empty() &&
      std::find(it->components.begin(), it->components.end(), component) == it->components.end()) {
    r.error(at, field,
            "vendor '" + slug + "' does not list component '" + component + "' in its components");
  }
}

void check_vendor_dependencies(Reader& r, const YAML::Node& node, const Config& config) {
  for (size_t i = 0; i < config.components.size() && node.IsSequence() && i < node.size(); ++i) {
    std::string field = index_field("components", i) + ".depends_on";
    for (const auto& dep : config.components[i].depends_on) {
      if (dep.rfind("vendor:", 0) != 0) continue;
      check_reference(r, node[i]["depends_on"], field, dep, config);
    }
  }
}

}  // namespace

void read_vendors(Reader& r, const YAML::Node& root, Config& config) {
  YAML::Node node = root["vendors"];
  if (node.IsDefined() && !node.IsNull() && r.check_sequence(node, "vendors")) {
    std::set<std::string> slugs;
    for (size_t i = 0; i < node.size(); ++i) {
      std::string field = index_field("vendors", i);
      if (!node[i].IsMap()) {
        r.error(node[i], field, "expected a mapping with slug and url");
        continue;
      }
      read_vendor(r, node[i], field, config, slugs);
    }
  }
  check_vendor_dependencies(r, root["components"], config);
}

}  // namespace pharos::config

namespace pharos {

namespace {

constexpr EnumNames<VendorFormat, 7> kVendorFormats{{
    {VendorFormat::kAuto, "auto"},
    {VendorFormat::kStatuspage, "statuspage"},
    {VendorFormat::kInstatus, "instatus"},
    {VendorFormat::kIncidentIo, "incidentio"},
    {VendorFormat::kAtom, "atom"},
    {VendorFormat::kRss, "rss"},
    {VendorFormat::kHtml, "html"},
}};

}  // namespace

std::string_view to_string(VendorFormat format) { return enum_name(kVendorFormats, format); }

std::optional<VendorFormat> parse_vendor_format(std::string_view text) {
  return enum_from_name(kVendorFormats, text);
}

}  // namespace pharos
