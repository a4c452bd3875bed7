#pragma once
// The audit log for changes a service commits on another connection than the log's (incidents and
// components on the Store, subscribers on the NotifyStore): the service records each change right
// after it committed, with the actor its caller passed in ("user:<name>" from the management API
// and the admin UI, "cli:<login>" from the CLI). User and token changes do not come here:
// AuthStore writes their rows in the same transaction.
//
// A failed write is logged as audit.write_failed (action, target, error) and swallowed: the change
// already happened, and turning it into an error would make a caller retry a done change.
#include <string>
#include <string_view>

#include "core/clock.h"
#include "storage/auth_store.h"

namespace pharos {

class AuditLog {
 public:
  // `store` and `clock` must outlive the log. Thread-safe (as AuthStore).
  AuditLog(AuthStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // `before`/`after`: the thing as JSON text, "" when it did not exist before / no longer after.
  void record(const std::string& actor, std::string_view action, const std::string& target,
              std::string before, std::string after) const;

 private:
  AuthStore& store_;
  const Clock& clock_;
};

}  // namespace pharos
