#include "importer/import_json.h"

namespace pharos::importer {
namespace {

boost::json::value time_or_null(const std::optional<Instant>& at) {
  if (!at) return nullptr;
  return boost::json::string(format_iso_utc(*at));
}

boost::json::value text_or_null(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return boost::json::string(*s);
}

}  // namespace

boost::json::object to_json(const ImportedIncident& in) {
  boost::json::array components;
  for (const auto& c : in.components) components.emplace_back(c);
  boost::json::array updates;
  for (const auto& u : in.updates) {
    updates.push_back(boost::json::object{
        {"status", to_string(u.status)}, {"at", time_or_null(u.at)}, {"body", u.body}});
  }
  auto duration = in.duration();
  boost::json::object out;
  out["vendor"] = text_or_null(in.vendor);
  out["title"] = text_or_null(in.title);
  out["impact"] =
      in.impact ? boost::json::value(to_string(*in.impact)) : boost::json::value(nullptr);
  out["status"] =
      in.status ? boost::json::value(to_string(*in.status)) : boost::json::value(nullptr);
  out["started_at"] = time_or_null(in.started_at);
  out["resolved_at"] = time_or_null(in.resolved_at);
  out["duration_seconds"] =
      duration ? boost::json::value(duration->count()) : boost::json::value(nullptr);
  out["components"] = std::move(components);
  out["updates"] = std::move(updates);
  out["postmortem"] = text_or_null(in.postmortem);
  out["source_url"] = text_or_null(in.source_url);
  out["postmortem_at"] = time_or_null(in.postmortem_at);
  out["reader"] = in.reader.empty() ? boost::json::value(nullptr) : boost::json::value(in.reader);
  boost::json::object confidence;
  for (const auto& [field, value] : in.confidence) confidence[field] = value;
  out["confidence"] = std::move(confidence);
  return out;
}

}  // namespace pharos::importer
