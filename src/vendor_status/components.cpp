#include "vendor_status/components.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>

#include "core/text.h"

namespace pharos::vendor_status {
namespace json = boost::json;
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::string> text_of(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

bool listed(const VendorSpec& spec, const std::string& name) {
  return spec.components.empty() ||
         std::find(spec.components.begin(), spec.components.end(), name) != spec.components.end();
}

}  // namespace

std::optional<ComponentStatus> parse_vendor_component_status(std::string_view word) {
  std::string w = to_lower(trim(word));
  w.erase(std::remove(w.begin(), w.end(), ' '), w.end());
  if (auto s = parse_component_status(w)) return s;
  static const std::map<std::string, ComponentStatus, std::less<>> kOthers = {
      {"operational", ComponentStatus::kOperational},
      {"degradedperformance", ComponentStatus::kDegradedPerformance},
      {"partialoutage", ComponentStatus::kPartialOutage},
      {"minoroutage", ComponentStatus::kPartialOutage},
      {"majoroutage", ComponentStatus::kMajorOutage},
      {"full_outage", ComponentStatus::kMajorOutage},
      {"fulloutage", ComponentStatus::kMajorOutage},
      {"undermaintenance", ComponentStatus::kUnderMaintenance},
  };
  auto it = kOthers.find(w);
  if (it == kOthers.end()) return std::nullopt;
  return it->second;
}

Result<std::optional<std::vector<VendorComponentStatus>>> read_components(std::string_view body,
                                                                          const VendorSpec& spec) {
  body = trim(body);
  if (body.empty() || body.front() != '{')
    return std::optional<std::vector<VendorComponentStatus>>();
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object()) return std::optional<std::vector<VendorComponentStatus>>();
  auto list = doc.as_object().find("components");
  if (list == doc.as_object().end() || !list->value().is_array()) {
    return std::optional<std::vector<VendorComponentStatus>>();
  }
  const json::array& items = list->value().as_array();
  std::map<std::string, std::string> group_names;  // group id → name
  for (const auto& item : items) {
    if (!item.is_object()) continue;
    const auto& o = item.as_object();
    auto group = o.find("group");
    if (group != o.end() && group->value().is_bool() && group->value().as_bool()) {
      if (auto id = text_of(o, "id")) group_names[*id] = text_of(o, "name").value_or(*id);
    }
  }
  std::vector<VendorComponentStatus> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string pointer = "/components/" + std::to_string(i);
    if (!items[i].is_object()) return Error::invalid("expected a component object", pointer);
    const auto& o = items[i].as_object();
    auto group = o.find("group");
    if (group != o.end() && group->value().is_bool() && group->value().as_bool()) continue;
    auto name = text_of(o, "name");
    if (!name || name->empty())
      return Error::invalid("a component needs a name", pointer + "/name");
    auto word = text_of(o, "status");
    auto status = word ? parse_vendor_component_status(*word) : std::nullopt;
    if (!status) {
      return Error::invalid("'" + *name + "' has no known status ('" + word.value_or("") + "')",
                            pointer + "/status");
    }
    if (!listed(spec, *name)) continue;
    VendorComponentStatus c;
    c.slug = spec.slug;
    c.component_id = text_of(o, "id").value_or(*name);
    c.name = *name;
    if (auto gid = text_of(o, "group_id")) {
      if (auto g = group_names.find(*gid); g != group_names.end()) c.group = g->second;
    }
    if (auto updated = text_of(o, "updated_at")) {
      if (auto at = parse_iso8601(*updated)) c.vendor_updated_at = *at;
    }
    c.status = *status;
    out.push_back(std::move(c));
  }
  return std::optional<std::vector<VendorComponentStatus>>(std::move(out));
}

std::string components_url(const VendorSpec& spec, const std::string& document_url) {
  if (spec.format == VendorFormat::kAtom || spec.format == VendorFormat::kRss ||
      spec.format == VendorFormat::kHtml)
    return {};
  std::string path = document_url.substr(0, document_url.find_first_of("?#"));
  if (ends_with(path, "/api/v2/incidents.json")) {
    return path.substr(0, path.size() - std::string_view("incidents.json").size()) + "summary.json";
  }
  return {};
}

}  // namespace pharos::vendor_status
