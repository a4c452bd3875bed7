#include "notify/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace pharos::notify {
namespace {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; a failure means no secure randomness at all.
  static const int kInit = sodium_init();
  if (kInit < 0) std::abort();
}

std::string to_hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string encode64(std::string_view data, int variant) {
  size_t size = sodium_base64_encoded_len(data.size(), variant);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), bytes(data), data.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

}  // namespace

std::string new_token() {
  ensure_sodium();
  std::string raw(32, '\0');
  randombytes_buf(raw.data(), raw.size());
  return encode64(raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string hash_token(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes(token), token.size());
  return to_hex(digest, sizeof digest);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  ensure_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, bytes(message), message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return to_hex(mac, sizeof mac);
}

std::string signature_header(std::string_view secret, long long unix_seconds,
                             std::string_view body) {
  std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + "." + std::string(body);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, signed_text);
}

std::string base64(std::string_view data) {
  ensure_sodium();
  return encode64(data, sodium_base64_VARIANT_ORIGINAL);
}

}  // namespace pharos::notify
