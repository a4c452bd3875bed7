#pragma once
// The one-time setup token that lets whoever started the server create the first admin.
//
// Worked scenario: `pharos serve` starts with no admin user → a gate with a fresh token; serve
// prints "admin setup: http://HOST/admin/setup?token=…" once on stdout (never through the log);
// only the token's SHA-256 is kept. The holder opens the URL and creates the first admin → the gate
// closes for good. A wrong token, a second attempt after success, or a restart (a new token, the
// old one dead) all fail. An admin created meanwhile with `pharos user add` closes it as well (the
// setup page checks that no admin exists before creating one).
#include <mutex>
#include <string>
#include <string_view>

namespace pharos::admin {

class SetupGate {
 public:
  // An open gate with a fresh token.
  SetupGate();
  // The token in clear, once: later calls return "" (afterwards only its hash is kept).
  std::string take_token();

  // True while open and `token` is the token (constant-time comparison of the hashes).
  bool accepts(std::string_view token) const;
  bool open() const;
  // Closes the gate for good (the first admin exists).
  void close();

 private:
  mutable std::mutex mu_;
  std::string token_;  // GUARDED_BY(mu_); given out once by take_token, then empty
  std::string hash_;   // hex SHA-256 of the token
  bool open_ = true;   // GUARDED_BY(mu_)
};

}  // namespace pharos::admin
