#pragma once
// Tokens and signatures for notifications (libsodium).
#include <string>
#include <string_view>

namespace pharos::notify {

// 32 random bytes (libsodium randombytes), URL-safe base64 without padding: unguessable, and safe
// in a link. Thread-safe.
std::string new_token();
// The hex SHA-256 of a token: what the store keeps, so a stolen database holds no usable link.
std::string hash_token(std::string_view token);
// Lower-case hex HMAC-SHA256 of `message` under `key` (any length).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
// The webhook signature header value: "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">".
// A receiver recomputes it with the shared secret and rejects old timestamps (replays).
std::string signature_header(std::string_view secret, long long unix_seconds,
                             std::string_view body);
// Standard base64 (with padding), for MIME bodies.
std::string base64(std::string_view data);

}  // namespace pharos::notify
