#pragma once
// Builds the common UpdateRequest of the tests: a status (or none, to keep it) and a body.
#include <optional>
#include <string>

#include "domain/lifecycle.h"

namespace pharos::testing {

inline UpdateRequest upd(std::optional<IncidentStatus> status, std::string body) {
  UpdateRequest r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace pharos::testing
