#include "storage/db/url.h"

#include <charconv>
#include <vector>

#include "core/duration.h"

namespace pharos::db {
namespace {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<std::chrono::milliseconds> duration_value(const std::string& key, const std::string& v) {
  std::int64_t ms = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), ms);
  if (ec == std::errc() && end == v.data() + v.size() && ms > 0) {
    return std::chrono::milliseconds(ms);
  }
  auto d = parse_duration(v);
  if (!d || d->count() <= 0) {
    return Error::invalid(key + " must be a positive duration such as 10s, not '" + v + "'",
                          "storage");
  }
  return *d;
}

// Applies one of Pharos's own parameters; false when libpq should have it.
Result<bool> own_parameter(PgUrl& out, const std::string& key, const std::string& value) {
  if (key == "pool_size") {
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n == 0 || n > 64) {
      return Error::invalid("pool_size must be a number from 1 to 64, not '" + value + "'",
                            "storage");
    }
    out.pool_size = n;
    return true;
  }
  for (auto [name, field] : {std::pair{"statement_timeout", &out.statement_timeout},
                             std::pair{"acquire_timeout", &out.acquire_timeout}}) {
    if (key != name) continue;
    auto d = duration_value(key, value);
    if (!d) return d.error();
    *field = *d;
    return true;
  }
  return false;
}

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

Result<PgUrl> parse_pg_url(const std::string& url) {
  PgUrl out;
  out.display = redact_url(url);
  size_t query = url.find('?');
  out.conninfo = url.substr(0, query);
  if (query == std::string::npos) return out;
  std::string kept;
  for (const auto& pair : split(std::string_view(url).substr(query + 1), '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = pair.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    auto own = own_parameter(out, key, value);
    if (!own) return own.error();
    if (*own) continue;
    kept += (kept.empty() ? "?" : "&") + pair;
  }
  out.conninfo += kept;
  return out;
}

std::string redact_text(std::string text, std::string_view url) {
  std::string redacted = redact_url(url);
  // Every stretch the redaction replaced is a secret; find them by walking both strings.
  std::vector<std::string> secrets;
  size_t u = 0;
  for (size_t r = 0; r < redacted.size() && u < url.size(); ++r, ++u) {
    if (redacted.compare(r, 3, "***") != 0 || url.compare(u, 3, "***") == 0) continue;
    size_t end = url.find_first_of("@&", u);
    if (end == std::string_view::npos) end = url.size();
    secrets.emplace_back(url.substr(u, end - u));
    u = end - 1;
    r += 2;
  }
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

std::string redact_url(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  std::string out(url);
  size_t authority = scheme + 3;
  size_t end = out.find_first_of("/?", authority);
  if (end == std::string::npos) end = out.size();
  size_t at = out.rfind('@', end);
  if (at != std::string::npos && at >= authority) {
    size_t colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (size_t p = out.find("password=", 0); p != std::string::npos;
       p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    size_t value = p + 9;
    size_t stop = out.find('&', value);
    out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
  }
  return out;
}

}  // namespace pharos::db
