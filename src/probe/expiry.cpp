#include "probe/expiry.h"

#include <boost/json/parse.hpp>

#include <array>
#include <charconv>
#include <cstdio>
#include <string>

#include "core/text.h"

namespace pharos::probe {
namespace {

// base64url without padding (RFC 7515 §2); standard alphabet accepted too.
Result<std::string> base64url_decode(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-' || c == '+')
      v = 62;
    else if (c == '_' || c == '/')
      v = 63;
    else if (c == '=')
      break;
    else
      return Error::invalid("the JWT payload is not base64url");
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xffu);
    }
  }
  return out;
}

Instant from_seconds_or_millis(double value) {
  // 1e11 seconds is the year 5138; anything larger is milliseconds.
  auto ms = value > 1e11 ? static_cast<long long>(value) : static_cast<long long>(value * 1000.0);
  return Instant(Millis(ms));
}

}  // namespace

Result<Instant> parse_cert_time(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string s(trim(text));
  char mon[4] = {};
  int day = 0, h = 0, m = 0, sec = 0, year = 0;
  if (std::sscanf(s.c_str(), "%3s %d %d:%d:%d %d", mon, &day, &h, &m, &sec, &year) != 6) {
    return Error::invalid("unreadable certificate time '" + s + "'");
  }
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] != mon) continue;
    auto ymd = date::year(year) / date::month(i + 1) / date::day(static_cast<unsigned>(day));
    if (!ymd.ok()) break;
    return Instant(date::sys_days(ymd)) + std::chrono::hours(h) + std::chrono::minutes(m) +
           std::chrono::seconds(sec);
  }
  return Error::invalid("unreadable certificate time '" + s + "'");
}

Result<Instant> jwt_expiry(std::string_view token) {
  token = trim(token);
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) return Error::invalid("not a JWT (expected three parts)");
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return payload.error();
  boost::system::error_code ec;
  auto claims = boost::json::parse(*payload, ec);
  if (ec || !claims.is_object()) return Error::invalid("the JWT payload is not a JSON object");
  const auto* exp = claims.as_object().if_contains("exp");
  if (!exp || !exp->is_number()) return Error::invalid("the JWT has no numeric exp claim");
  return from_seconds_or_millis(exp->to_number<double>());
}

Result<Instant> parse_expiry_text(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) return from_seconds_or_millis(value);
  return parse_iso8601(text);
}

}  // namespace pharos::probe
