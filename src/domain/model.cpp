#include "domain/model.h"

namespace pharos {

std::string_view to_string(IncidentSource s) {
  switch (s) {
    case IncidentSource::kManual:
      return "manual";
    case IncidentSource::kAutomatic:
      return "automatic";
    case IncidentSource::kImported:
      return "imported";
    case IncidentSource::kVendor:
      return "vendor";
  }
  return "manual";
}

std::optional<IncidentSource> parse_incident_source(std::string_view s) {
  if (s == "manual") return IncidentSource::kManual;
  if (s == "automatic") return IncidentSource::kAutomatic;
  if (s == "imported") return IncidentSource::kImported;
  if (s == "vendor") return IncidentSource::kVendor;
  return std::nullopt;
}

std::optional<std::chrono::seconds> Incident::duration() const {
  if (!resolved_at) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*resolved_at - started_at);
}

}  // namespace pharos
