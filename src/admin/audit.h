#pragma once
// Audits a change made from the admin UI, after it committed, as the management API does: actor
// "user:<name>", the API's action names ("incident.create", "incident.update", …) and the
// incident before/after in the API's JSON shape. A failed audit write is logged
// (audit.write_failed), never turned into an error for a change that already happened.
#include <optional>
#include <string>

#include "admin/admin_page.h"
#include "domain/model.h"

namespace pharos::admin {

void audit_incident(const Context& ctx, const std::string& action, const std::string& target,
                    const std::optional<Incident>& before, const std::optional<Incident>& after);
// A component's status change ("component.update"), in the API's JSON shape.
void audit_component(const Context& ctx, const Component& before, const Component& after);
void audit_change(const Context& ctx, const std::string& action, const std::string& target,
                  std::string before, std::string after);

}  // namespace pharos::admin
