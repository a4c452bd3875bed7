#include "admin/setup_gate.h"

#include <utility>

#include "auth/auth_service.h"

namespace pharos::admin {

SetupGate::SetupGate() : token_(auth::generate_password()), hash_(auth::hash_token(token_)) {}

bool SetupGate::accepts(std::string_view token) const {
  if (token.empty() || token.size() > 128) return false;
  std::string given = auth::hash_token(token);
  std::lock_guard lock(mu_);
  if (!open_ || given.size() != hash_.size()) return false;
  unsigned char diff = 0;  // compare every byte: the time says nothing about where they differ
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff = static_cast<unsigned char>(diff | (given[i] ^ hash_[i]));
  }
  return diff == 0;
}

std::string SetupGate::take_token() {
  std::lock_guard lock(mu_);
  return std::exchange(token_, {});
}

bool SetupGate::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

void SetupGate::close() {
  std::lock_guard lock(mu_);
  open_ = false;
}

}  // namespace pharos::admin
