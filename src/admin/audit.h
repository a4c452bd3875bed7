#pragma once
// Who the audit log names for a change made from the admin UI: "user:<name>", passed to the
// service that makes the change (IncidentService audits incidents and components itself, after
// the change committed). Changes no service audits (monitors paused or run, templates,
// subscribers removed) are recorded here with audit_change, after they committed, with the
// management API's action names; a failed audit write is logged (audit.write_failed), never
// turned into an error for a change that already happened.
#include <string>

#include "admin/admin_page.h"

namespace pharos::admin {

std::string actor(const Context& ctx);
void audit_change(const Context& ctx, const std::string& action, const std::string& target,
                  std::string before, std::string after);

}  // namespace pharos::admin
