// Statuspage API v2 JSON (docs: ../shared/FORMATS.md §1). Accepted documents:
//   {"page", "incidents": […]}                          incidents.json, incidents/unresolved.json
//   {"page", "components", "incidents", "scheduled_maintenances", "status"}   summary.json
//   {"page", "scheduled_maintenances": […]}             scheduled-maintenances*.json
//   {"id", "name", "incident_updates", …}               one incident
//   {"incident": {…}}                                   a webhook body (postmortem_body honoured)
// Updates are newest first on the wire; display_at is the time to use. A "postmortem" update is
// the post-mortem, not an update.
#include <boost/json.hpp>

#include "core/text.h"
#include "importer/parsers.h"
#include "importer/postmortem.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace json = boost::json;
namespace {

struct Reader {
  const ImportOptions& options;
  Error fail(const std::string& pointer, const std::string& message) const {
    return Error::invalid(message, options.source_name + ":" + pointer);
  }
};

const json::value* member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

std::optional<std::string> string_member(const json::object& o, std::string_view key) {
  const json::value* v = member(o, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

Result<std::optional<Instant>> time_member(const Reader& r, const json::object& o,
                                           std::string_view key, const std::string& pointer) {
  const json::value* v = member(o, key);
  if (!v || v->is_null()) return std::optional<Instant>();
  if (!v->is_string())
    return r.fail(pointer + "/" + std::string(key), "expected an ISO-8601 time string");
  auto at = parse_iso8601(v->as_string());
  if (!at)
    return r.fail(pointer + "/" + std::string(key),
                  "expected an ISO-8601 time, found '" + std::string(v->as_string()) + "'");
  return std::optional<Instant>(*at);
}

Result<void> read_update(const Reader& r, const json::object& u, const std::string& pointer,
                         ImportedIncident& out) {
  auto status_text = string_member(u, "status");
  auto status = status_text ? parse_status_word(*status_text) : std::nullopt;
  if (!status)
    return r.fail(pointer + "/status",
                  "expected an incident status (" + std::string(incident_status_names()) + ")");
  auto display = time_member(r, u, "display_at", pointer);
  if (!display) return display.error();
  auto created = time_member(r, u, "created_at", pointer);
  if (!created) return created.error();
  std::optional<Instant> at = *display ? *display : *created;
  std::string body = string_member(u, "body").value_or("");
  std::string clean;
  for (char c : body) {
    if (c != '\r') clean += c;
  }
  if (*status == IncidentStatus::kPostmortem) {
    out.postmortem = postmortem_markdown(split_lines(clean), 0, std::string::npos);
    out.postmortem_at = at;
    return Ok();
  }
  out.updates.push_back({*status, at, trim_text(clean)});
  return Ok();
}

void read_components(const json::object& incident, ImportedIncident& out) {
  if (const json::value* list = member(incident, "components"); list && list->is_array()) {
    for (const auto& c : list->as_array()) {
      if (!c.is_object()) continue;
      if (auto name = string_member(c.as_object(), "name")) out.components.push_back(*name);
    }
  }
  if (!out.components.empty()) return;
  // Older or trimmed payloads: the names the updates touched, in order of first appearance.
  const json::value* updates = member(incident, "incident_updates");
  if (!updates || !updates->is_array()) return;
  for (auto it = updates->as_array().rbegin(); it != updates->as_array().rend(); ++it) {
    if (!it->is_object()) continue;
    const json::value* affected = member(it->as_object(), "affected_components");
    if (!affected || !affected->is_array()) continue;
    for (const auto& a : affected->as_array()) {
      auto name = a.is_object() ? string_member(a.as_object(), "name") : std::nullopt;
      if (name &&
          std::find(out.components.begin(), out.components.end(), *name) == out.components.end()) {
        out.components.push_back(*name);
      }
    }
  }
}

Result<ImportedIncident> read_incident(const Reader& r, const json::value& value,
                                       const std::string& pointer,
                                       const std::optional<std::string>& page_name,
                                       const std::optional<std::string>& page_url) {
  if (!value.is_object()) return r.fail(pointer, "expected an incident object");
  const json::object& o = value.as_object();
  ImportedIncident out;
  out.title = string_member(o, "name");
  if (!out.title || out.title->empty())
    return r.fail(pointer + "/name", "expected the incident's name");
  out.vendor = r.options.vendor ? r.options.vendor : page_name;
  if (auto impact = string_member(o, "impact")) out.impact = parse_impact_word(*impact);
  if (auto impact = string_member(o, "impact_override")) out.impact = parse_impact_word(*impact);
  auto started = time_member(r, o, "started_at", pointer);
  if (!started) return started.error();
  auto created = time_member(r, o, "created_at", pointer);
  if (!created) return created.error();
  out.started_at = *started ? *started : *created;
  auto resolved = time_member(r, o, "resolved_at", pointer);
  if (!resolved) return resolved.error();
  out.resolved_at = *resolved;
  for (auto key : {"scheduled_for", "scheduled_until"}) {
    auto at = time_member(r, o, key, pointer);
    if (!at) return at.error();
    (std::string_view(key) == "scheduled_for" ? out.scheduled_for : out.scheduled_until) = *at;
  }
  const json::value* updates = member(o, "incident_updates");
  if (!updates || !updates->is_array())
    return r.fail(pointer + "/incident_updates", "expected an array of updates");
  const auto& list = updates->as_array();
  for (size_t n = list.size(); n > 0; --n) {
    std::string at = pointer + "/incident_updates/" + std::to_string(n - 1);
    if (!list[n - 1].is_object()) return r.fail(at, "expected an update object");
    PHAROS_TRY(read_update(r, list[n - 1].as_object(), at, out));
  }
  if (auto body = string_member(o, "postmortem_body"); body && !body->empty()) {
    out.postmortem = postmortem_markdown(split_lines(*body), 0, std::string::npos);
    auto published = time_member(r, o, "postmortem_published_at", pointer);
    if (published && *published) out.postmortem_at = *published;
  }
  read_components(o, out);
  if (auto status = string_member(o, "status")) out.status = parse_status_word(*status);
  if (auto id = string_member(o, "id"); id && page_url)
    out.source_url = *page_url + "/incidents/" + *id;
  else
    out.source_url = string_member(o, "shortlink");
  finish_incident(out);
  return out;
}

Result<json::value> parse_document(const Reader& r, std::string_view text) {
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    size_t line = 1;
    for (size_t i = 0; i < used && i < text.size(); ++i)
      if (text[i] == '\n') ++line;
    return Error::invalid("invalid JSON: " + ec.message(),
                          r.options.source_name + ":" + std::to_string(line));
  }
  return parser.release();
}

}  // namespace

Result<std::vector<ImportedIncident>> parse_statuspage_json(std::string_view text,
                                                            const ImportOptions& options) {
  Reader r{options};
  auto doc = parse_document(r, text);
  if (!doc) return doc.error();
  if (!doc->is_object()) return r.fail("", "expected a JSON object (a Statuspage API document)");
  const json::object& root = doc->as_object();
  std::optional<std::string> page_name;
  std::optional<std::string> page_url;
  if (const json::value* page = member(root, "page"); page && page->is_object()) {
    page_name = string_member(page->as_object(), "name");
    page_url = string_member(page->as_object(), "url");
    while (page_url && !page_url->empty() && page_url->back() == '/') page_url->pop_back();
  }
  std::vector<ImportedIncident> out;
  if (const json::value* incident = member(root, "incident")) {
    auto one = read_incident(r, *incident, "/incident", page_name, page_url);
    if (!one) return one.error();
    out.push_back(std::move(*one));
    return out;
  }
  if (member(root, "incident_updates")) {
    auto one = read_incident(r, *doc, "", page_name, page_url);
    if (!one) return one.error();
    out.push_back(std::move(*one));
    return out;
  }
  bool any_list = false;
  for (std::string_view key : {"incidents", "scheduled_maintenances"}) {
    const json::value* list = member(root, key);
    if (!list) continue;
    std::string pointer = "/" + std::string(key);
    if (!list->is_array()) return r.fail(pointer, "expected an array");
    any_list = true;
    for (size_t n = 0; n < list->as_array().size(); ++n) {
      auto one = read_incident(r, list->as_array()[n], pointer + "/" + std::to_string(n), page_name,
                               page_url);
      if (!one) return one.error();
      if (key == "scheduled_maintenances") one->kind = IncidentKind::kMaintenance;
      out.push_back(std::move(*one));
    }
  }
  if (!any_list) {
    return r.fail(
        "", "expected 'incidents', 'scheduled_maintenances', 'incident_updates' or 'incident'");
  }
  return out;
}

}  // namespace pharos::importer
