#include "admin/audit.h"

#include "storage/audit_log.h"

namespace pharos::admin {

std::string actor(const Context& ctx) { return "user:" + ctx.session.user_name; }

void audit_change(const Context& ctx, const std::string& action, const std::string& target,
                  std::string before, std::string after) {
  AuditLog(ctx.services.auth_store, ctx.services.clock)
      .record(actor(ctx), action, target, std::move(before), std::move(after));
}

}  // namespace pharos::admin
