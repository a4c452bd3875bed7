#include "cli/json_output.h"

#include <iostream>

#include "statuspage/json.h"

namespace pharos::cli {
namespace {

using statuspage::time_or_null;

boost::json::array strings(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

boost::json::object update_json(const IncidentUpdate& update) {
  boost::json::array changes;
  for (const auto& c : update.component_changes) {
    changes.push_back(boost::json::object{{"component", c.component_id},
                                          {"old_status", to_string(c.old_status)},
                                          {"new_status", to_string(c.new_status)}});
  }
  return {{"id", update.id},
          {"status", to_string(update.status)},
          {"at", format_iso_utc(update.display_at)},
          {"body", update.body},
          {"component_changes", std::move(changes)},
          {"reopened", update.reopened}};
}

}  // namespace

boost::json::object incident_json(const Incident& i) {
  boost::json::array updates;
  for (const auto& u : i.updates) updates.push_back(update_json(u));
  auto duration = i.duration();
  return {{"id", i.id},
          {"kind", to_string(i.kind)},
          {"name", i.name},
          {"status", to_string(i.status)},
          {"impact", to_string(i.impact)},
          {"source", to_string(i.source)},
          {"vendor", i.vendor.empty() ? boost::json::value(nullptr) : boost::json::value(i.vendor)},
          {"started_at", format_iso_utc(i.started_at)},
          {"resolved_at", time_or_null(i.resolved_at)},
          {"duration_seconds", duration ? boost::json::value(duration->count())
                                        : boost::json::value(nullptr)},
          {"detected_at", time_or_null(i.detected_at)},
          {"scheduled_for", time_or_null(i.scheduled_for)},
          {"scheduled_until", time_or_null(i.scheduled_until)},
          {"components", strings(i.component_ids)},
          {"external_components", strings(i.external_components)},
          {"reopen_count", i.reopen_count},
          {"updates", std::move(updates)},
          {"postmortem", i.postmortem ? boost::json::value(i.postmortem->body)
                                      : boost::json::value(nullptr)},
          {"source_url", i.source_url.empty() ? boost::json::value(nullptr)
                                              : boost::json::value(i.source_url)}};
}

boost::json::object component_json(const Component& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"group", c.group_id.empty() ? boost::json::value(nullptr) : boost::json::value(c.group_id)},
          {"status", to_string(c.status)},
          {"status_source", c.status_source == StatusSource::kManual ? "manual" : "automatic"},
          {"depends_on", strings(c.depends_on)},
          {"updated_at", format_iso_utc(c.updated_at)}};
}

void print_json(const boost::json::value& value) { std::cout << boost::json::serialize(value) << "\n"; }

}  // namespace pharos::cli
