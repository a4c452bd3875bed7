#include "storage/audit_log.h"

#include "core/log.h"

namespace pharos {

void AuditLog::record(const std::string& actor, std::string_view action, const std::string& target,
                      std::string before, std::string after) const {
  AuditEntry entry{0,      clock_.now(),      actor,           std::string(action),
                   target, std::move(before), std::move(after)};
  auto written = store_.append_audit(entry);
  if (!written) {
    log::error("audit.write_failed", {log::kv("action", action), log::kv("target", target),
                                      log::kv("error", written.error().describe())});
  }
}

}  // namespace pharos
