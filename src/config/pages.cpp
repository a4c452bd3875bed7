#include "config/pages.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "config/brand.h"
#include "core/ids.h"
#include "core/time.h"
#include "core/words.h"

namespace pharos {

std::set<std::string> shown_components(const PageSpec& spec, const std::vector<Component>& all) {
  std::set<std::string> out;
  if (spec.is_main()) {
    for (const auto& c : all) out.insert(c.id);
    return out;
  }
  std::set<std::string> groups(spec.groups.begin(), spec.groups.end());
  for (const auto& c : all) {
    if (!c.group_id.empty() && groups.count(c.group_id)) out.insert(c.id);
  }
  for (const auto& id : spec.components) out.insert(id);
  return out;
}

PageSpec Config::main_page() const {
  PageSpec spec;
  spec.page = page;
  spec.private_page = private_page;
  spec.webhook_subscriptions = webhook_subscriptions;
  return spec;
}

const PageSpec* Config::find_page(const std::string& slug) const {
  for (const auto& p : pages) {
    if (p.slug == slug) return &p;
  }
  return nullptr;
}

namespace config {
namespace {

// Keys every page mapping takes; an entry of `pages:` takes kEntryKeys too.
const std::vector<std::string_view> kCommonKeys = {
    "id", "name", "url", "time_zone", "access", "webhook_subscriptions", "brand"};
const std::vector<std::string_view> kEntryKeys = {"slug",       "path",   "hosts",
                                                  "components", "groups", "vendors"};

std::string known_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// "unknown component 'ap' (did you mean 'api'?)" or with the defined ones listed.
std::string unknown(const std::string& what, const std::string& name,
                    const std::vector<std::string>& defined) {
  std::vector<std::string_view> views(defined.begin(), defined.end());
  std::string_view near = nearest(name, views);
  std::string out = "unknown " + what + " '" + name + "'";
  if (!near.empty()) return out + " (did you mean '" + std::string(near) + "'?)";
  return out + " (defined: " + known_list(defined) + ")";
}

void check_ids(Reader& r, const YAML::Node& node, const char* key, const std::string& field,
               const std::vector<std::string>& ids, const std::string& what,
               const std::vector<std::string>& defined) {
  std::set<std::string> seen;
  for (const auto& id : ids) {
    if (std::find(defined.begin(), defined.end(), id) == defined.end()) {
      r.error(node[key], join_field(field, key), unknown(what, id, defined));
    } else if (!seen.insert(id).second) {
      r.error(node[key], join_field(field, key), what + " '" + id + "' is listed twice");
    }
  }
}

bool valid_host(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
      return false;
    }
  }
  return host.front() != '.' && host.back() != '.';
}

// "https://status.acme.example:8443/x" → "status.acme.example"; empty when not a URL.
std::string host_of(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/:"));
  std::transform(rest.begin(), rest.end(), rest.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return rest;
}

// A page id derived from the main page's id and the slug (FNV-1a, 12 lowercase hex digits):
// stable across restarts as long as neither changes, so /api/v2's page.id stays put.
std::string derived_page_id(const std::string& main_id, const std::string& slug) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : main_id + "/" + slug) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out(12, '0');
  for (int i = 11; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kHex[h & 0xf];
  return out;
}

}  // namespace

const std::vector<std::string_view>& reserved_page_paths() {
  static const std::vector<std::string_view> kReserved = {
      "api",       "admin",         "static",      "healthz",    "readyz",   "metrics",
      "history",   "history.atom",  "history.rss", "incidents",  "vendors",  "uptime",
      "subscribe", "subscriptions", "webhooks",    "components", "404.html", "favicon.ico",
      "badge.svg", "widget",        "widget.js",
  };
  return kReserved;
}

void read_page_mapping(Reader& r, const YAML::Node& node, const std::string& field, bool main,
                       const Config& config, PageSpec& spec) {
  std::vector<std::string_view> allowed = kCommonKeys;
  if (!main) allowed.insert(allowed.end(), kEntryKeys.begin(), kEntryKeys.end());
  if (!r.check_map(node, field, allowed)) return;
  if (auto id = r.string(node, "id", field)) spec.page.id = *id;
  if (auto name = r.string(node, "name", field, true)) spec.page.name = *name;
  if (auto url = r.string(node, "url", field)) {
    std::string u = *url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (!u.empty() && u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) {
      r.error(node["url"], join_field(field, "url"), "must start with http:// or https://");
    }
    spec.page.url = u;
  }
  if (auto tz = r.string(node, "time_zone", field)) {
    auto zone = TimeZone::locate(*tz);
    if (!zone)
      r.error(node["time_zone"], join_field(field, "time_zone"), zone.error().message);
    else
      spec.page.time_zone = *tz;
  }
  if (auto access = r.string(node, "access", field)) {
    if (*access == "private")
      spec.private_page = true;
    else if (*access != "public") {
      r.error(node["access"], join_field(field, "access"), "use public (the default) or private");
    }
  }
  if (auto hooks = r.boolean(node, "webhook_subscriptions", field)) {
    spec.webhook_subscriptions = *hooks;
  }
  read_brand(r, node, field, spec.page.brand);
  if (main) return;

  if (auto slug = r.string(node, "slug", field, true)) {
    if (!is_valid_id(*slug)) {
      r.error(node["slug"], join_field(field, "slug"),
              "slugs use lowercase letters, digits, - and _");
    }
    spec.slug = *slug;
  }
  spec.path = "/" + spec.slug;
  if (auto path = r.string(node, "path", field)) {
    std::string p = *path;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    std::string segment = p.size() > 1 && p.front() == '/' ? p.substr(1) : std::string();
    auto reserved = reserved_page_paths();
    if (segment.empty() || !is_valid_id(segment)) {
      r.error(node["path"], join_field(field, "path"),
              "a page's path is one segment of lowercase letters, digits, - and _ after /, "
              "like /internal");
    } else if (std::find(reserved.begin(), reserved.end(), segment) != reserved.end()) {
      r.error(node["path"], join_field(field, "path"),
              "'" + p + "' is one of the server's own routes; choose another path");
    }
    spec.path = p;
  } else if (std::find(reserved_page_paths().begin(), reserved_page_paths().end(), spec.slug) !=
             reserved_page_paths().end()) {
    r.error(node["slug"], join_field(field, "slug"),
            "the page would be served at '/" + spec.slug +
                "', one of the server's own routes; set a path");
  }
  if (auto hosts = r.string_list(node, "hosts", field)) {
    for (std::string host : *hosts) {
      std::transform(host.begin(), host.end(), host.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (!valid_host(host)) {
        r.error(node["hosts"], join_field(field, "hosts"),
                "'" + host + "' is not a host name (no scheme, port or path: status.acme.example)");
      }
      spec.hosts.push_back(std::move(host));
    }
  }
  std::vector<std::string> component_ids, group_ids, vendor_slugs;
  for (const auto& c : config.components) component_ids.push_back(c.id);
  for (const auto& g : config.groups) group_ids.push_back(g.id);
  for (const auto& v : config.vendors) vendor_slugs.push_back(v.slug);
  if (auto ids = r.string_list(node, "components", field)) {
    check_ids(r, node, "components", field, *ids, "component", component_ids);
    spec.components = *ids;
  }
  if (auto ids = r.string_list(node, "groups", field)) {
    check_ids(r, node, "groups", field, *ids, "group", group_ids);
    spec.groups = *ids;
  }
  if (auto ids = r.string_list(node, "vendors", field)) {
    check_ids(r, node, "vendors", field, *ids, "vendor", vendor_slugs);
    spec.vendors = *ids;
  }
  if (spec.components.empty() && spec.groups.empty() && spec.vendors.empty()) {
    r.error(node, field,
            "a page shows something: list its components, groups or vendors (the main page "
            "shows everything)");
  }
}

void read_pages(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_sequence(node, "pages")) return;
  std::map<std::string, std::string> slugs, paths, hosts;  // value → the field that took it
  std::string main_host = host_of(config.page.url);
  for (size_t i = 0; i < node.size(); ++i) {
    std::string field = index_field("pages", i);
    const YAML::Node& entry = node[i];
    PageSpec spec;
    spec.page.time_zone = config.page.time_zone;
    read_page_mapping(r, entry, field, false, config, spec);
    if (!entry.IsMap()) continue;
    if (!spec.slug.empty() && !slugs.emplace(spec.slug, field).second) {
      r.error(entry["slug"], join_field(field, "slug"),
              "slug '" + spec.slug + "' is already used by " + slugs[spec.slug]);
    }
    if (!spec.path.empty() && !paths.emplace(spec.path, field).second) {
      r.error(entry["path"] ? entry["path"] : entry["slug"], join_field(field, "path"),
              "path '" + spec.path + "' is already served by " + paths[spec.path]);
    }
    for (const auto& host : spec.hosts) {
      if (!main_host.empty() && host == main_host) {
        r.error(entry["hosts"], join_field(field, "hosts"),
                "'" + host + "' is the main page's host (page.url); it cannot serve another page");
      } else if (!hosts.emplace(host, field).second) {
        r.error(entry["hosts"], join_field(field, "hosts"),
                "host '" + host + "' is already served by " + hosts[host]);
      }
    }
    if (spec.page.url.empty() && !config.page.url.empty())
      spec.page.url = config.page.url + spec.path;
    spec.page.id = spec.page.id.empty() ? derived_page_id(config.page.id, spec.slug) : spec.page.id;
    config.pages.push_back(std::move(spec));
  }
}

}  // namespace config
}  // namespace pharos
