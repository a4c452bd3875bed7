#include "domain/model.h"

#include "core/enum_names.h"

namespace pharos {

namespace {

constexpr EnumNames<IncidentSource, 4> kIncidentSources{{
    {IncidentSource::kManual, "manual"},
    {IncidentSource::kAutomatic, "automatic"},
    {IncidentSource::kImported, "imported"},
    {IncidentSource::kVendor, "vendor"},
}};

}  // namespace

std::string_view to_string(IncidentSource s) { return enum_name(kIncidentSources, s); }

std::optional<IncidentSource> parse_incident_source(std::string_view s) {
  return enum_from_name(kIncidentSources, s);
}

std::optional<std::chrono::seconds> Incident::duration() const {
  if (!resolved_at) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*resolved_at - started_at);
}

}  // namespace pharos
