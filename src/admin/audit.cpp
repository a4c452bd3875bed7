#include "admin/audit.h"

#include <boost/json.hpp>

#include "auth/auth_service.h"
#include "core/log.h"
#include "manage/views.h"

namespace pharos::admin {

void audit_change(const Context& ctx, const std::string& action, const std::string& target,
                  std::string before, std::string after) {
  auth::AuthService auth(ctx.services.auth_store, ctx.services.clock);
  auto recorded = auth.record("user:" + ctx.session.user_name, action, target, std::move(before),
                              std::move(after));
  if (!recorded) {
    log::error("audit.write_failed", {log::kv("action", action), log::kv("target", target),
                                      log::kv("error", recorded.error().describe())});
  }
}

void audit_incident(const Context& ctx, const std::string& action, const std::string& target,
                    const std::optional<Incident>& before, const std::optional<Incident>& after) {
  auto dump = [](const std::optional<Incident>& incident) {
    return incident ? boost::json::serialize(manage::incident_view(*incident)) : std::string();
  };
  audit_change(ctx, action, target, dump(before), dump(after));
}

void audit_component(const Context& ctx, const Component& before, const Component& after) {
  audit_change(ctx, "component.update", after.id,
               boost::json::serialize(manage::component_view(before)),
               boost::json::serialize(manage::component_view(after)));
}

}  // namespace pharos::admin
