#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <clocale>
#include <cstdio>
#include <ctime>

namespace pharos {
namespace {

bool parse_int(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) return false;
  const char* first = text.data() + pos;
  auto [ptr, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc() && ptr == first + len;
}

std::string with_offset(std::chrono::seconds offset) {
  if (offset == std::chrono::seconds(0)) return "Z";
  auto total = offset.count();
  char sign = total < 0 ? '-' : '+';
  if (total < 0) total = -total;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", sign, static_cast<long long>(total / 3600),
                static_cast<long long>((total % 3600) / 60));
  return buf;
}

// strftime over the civil fields of `local`, in the C locale (English names, whatever the
// environment says), with %Z standing for `abbrev`. date::format does the same through an
// ostringstream with a locale imbued for every call, which made formatting dates the largest
// single cost of rebuilding a status page (the 90-day bars and feeds format thousands): this is
// several times cheaper and gives the same text (tests/unit/core/time_test.cpp compares them).
std::string format_civil(date::local_seconds local, std::string_view abbrev, const char* pattern) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{local - day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(ymd.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  tm.tm_hour = static_cast<int>(hms.hours().count());
  tm.tm_min = static_cast<int>(hms.minutes().count());
  tm.tm_sec = static_cast<int>(hms.seconds().count());
  tm.tm_wday = static_cast<int>(date::weekday(day).c_encoding());
  tm.tm_yday = static_cast<int>((day - date::local_days(ymd.year() / 1 / 1)).count());
  std::string spec;
  for (const char* p = pattern; *p; ++p) {
    if (p[0] == '%' && p[1] == 'Z') {
      for (char c : abbrev) spec += c == '%' ? std::string_view("%%") : std::string_view(&c, 1);
      ++p;
    } else if (p[0] == '%' && p[1] != '\0') {
      spec += p[0];
      spec += *++p;
    } else {
      spec += *p;
    }
  }
  char buf[256];
  std::size_t n = spec.empty() ? 0 : strftime_l(buf, sizeof buf, spec.c_str(), &tm, c_locale);
  if (n == 0 && !spec.empty()) {
    std::string big(4096 + spec.size() * 16, '\0');  // a long pattern: once more, with room
    big.resize(strftime_l(big.data(), big.size(), spec.c_str(), &tm, c_locale));
    return big;
  }
  return std::string(buf, n);
}

date::local_seconds as_local(Instant at, std::chrono::seconds offset = {}) {
  return date::local_seconds{std::chrono::floor<Seconds>(at).time_since_epoch() + offset};
}

}  // namespace

Result<TimeZone> TimeZone::locate(std::string_view name) {
  if (name.empty())
    return Error::invalid("time zone is empty; use an IANA name like Europe/Amsterdam");
  try {
    const date::time_zone* zone = date::locate_zone(name);
    return TimeZone(zone, std::string(name));
  } catch (const std::exception&) {
    return Error::invalid("unknown time zone '" + std::string(name) +
                          "'; use an IANA name like Europe/Amsterdam or Etc/UTC");
  }
}

TimeZone TimeZone::utc() {
  static const date::time_zone* zone = date::locate_zone("Etc/UTC");
  return TimeZone(zone, "Etc/UTC");
}

bool TimeZone::is_utc() const {
  return name_ == "Etc/UTC" || name_ == "UTC" || name_ == "Etc/GMT" || name_ == "GMT" ||
         name_ == "Etc/Universal" || name_ == "Etc/Zulu" || name_ == "Universal" || name_ == "Zulu";
}

std::chrono::seconds TimeZone::offset_at(Instant at) const { return zone_->get_info(at).offset; }

std::string TimeZone::abbreviation_at(Instant at) const { return zone_->get_info(at).abbrev; }

std::string format_iso_utc(Instant at) {
  return format_civil(as_local(at), "UTC", "%Y-%m-%dT%H:%M:%SZ");
}

std::string format_iso_in_zone(Instant at, const TimeZone& zone) {
  auto offset = zone.offset_at(at);
  auto millis = (at - std::chrono::floor<Seconds>(at)).count();
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03d", static_cast<int>(millis));
  return format_civil(as_local(at, offset), "", "%Y-%m-%dT%H:%M:%S") + fraction +
         with_offset(offset);
}

std::string format_date_in_zone(Instant at, const TimeZone& zone) {
  return format_in_zone(at, zone, "%Y-%m-%d");
}

std::string format_in_zone(Instant at, const TimeZone& zone, const char* pattern) {
  auto info = zone.zone()->get_info(std::chrono::floor<Seconds>(at));
  return format_civil(as_local(at, info.offset), info.abbrev, pattern);
}

std::string format_rfc822(Instant at) {
  return format_civil(as_local(at), "UTC", "%a, %d %b %Y %H:%M:%S +0000");
}

std::string format_http_date(Instant at) {
  return format_civil(as_local(at), "UTC", "%a, %d %b %Y %H:%M:%S GMT");
}

Result<Instant> parse_iso8601(std::string_view text) {
  auto fail = [&](const char* what) {
    return Error::invalid(std::string("invalid ISO-8601 time '") + std::string(text) +
                          "': " + what);
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 16 || !parse_int(text, 0, 4, y) || text[4] != '-' ||
      !parse_int(text, 5, 2, mo) || text[7] != '-' || !parse_int(text, 8, 2, d) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !parse_int(text, 11, 2, h) ||
      text[13] != ':' || !parse_int(text, 14, 2, mi)) {
    return fail("expected YYYY-MM-DDTHH:MM");
  }
  size_t pos = 16;
  long long millis = 0;
  if (pos < text.size() && text[pos] == ':') {
    if (!parse_int(text, pos + 1, 2, s)) return fail("bad seconds");
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) millis = millis * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return fail("empty fraction");
      for (int i = digits; i < 3; ++i) millis *= 10;
    }
  }
  std::chrono::minutes offset{0};
  if (pos >= text.size()) return fail("missing time zone offset (add Z or +HH:MM)");
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0, om = 0;
    bool negative = text[pos] == '-';
    if (!parse_int(text, pos + 1, 2, oh)) return fail("bad offset");
    size_t mpos = pos + 3;
    if (mpos < text.size() && text[mpos] == ':') ++mpos;
    if (!parse_int(text, mpos, 2, om)) return fail("bad offset");
    pos = mpos + 2;
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (negative) offset = -offset;
  } else {
    return fail("unexpected character after the time");
  }
  if (pos != text.size()) return fail("trailing characters");
  auto ymd =
      date::year(y) / date::month(static_cast<unsigned>(mo)) / date::day(static_cast<unsigned>(d));
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return fail("date or time out of range");
  auto tp = date::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
            std::chrono::seconds(s) + Millis(millis) - offset;
  return Instant(std::chrono::duration_cast<Millis>(tp.time_since_epoch()));
}

Result<Instant> parse_date(std::string_view text) {
  int y = 0, mo = 0, d = 0;
  if (text.size() != 10 || !parse_int(text, 0, 4, y) || text[4] != '-' ||
      !parse_int(text, 5, 2, mo) || text[7] != '-' || !parse_int(text, 8, 2, d)) {
    return Error::invalid("invalid date '" + std::string(text) + "': expected YYYY-MM-DD");
  }
  auto ymd =
      date::year(y) / date::month(static_cast<unsigned>(mo)) / date::day(static_cast<unsigned>(d));
  if (!ymd.ok()) return Error::invalid("invalid date '" + std::string(text) + "': no such day");
  return Instant(date::sys_days(ymd));
}

Instant from_local(date::local_time<Millis> local, const TimeZone& zone) {
  // One rule for all three cases: a unique local time is its instant, an ambiguous one (the
  // clock set back) the earlier of its two, a nonexistent one (the clock set forward) is shifted
  // forward across the gap. Each is the local time less the offset in force before the change.
  auto info = zone.zone()->get_info(local);
  return Instant(local.time_since_epoch() - info.first.offset);
}

Instant start_of_day(Instant at, const TimeZone& zone) { return start_of_day(at, zone, 0); }

Instant start_of_day(Instant at, const TimeZone& zone, int days) {
  auto offset = zone.offset_at(at);
  auto local = date::local_time<Millis>{at.time_since_epoch() + offset};
  auto day = date::floor<date::days>(local) + date::days(days);
  return from_local(date::local_time<Millis>(day.time_since_epoch()), zone);
}

Instant start_of_month(Instant at, const TimeZone& zone, int months) {
  auto local = date::local_time<Millis>{at.time_since_epoch() + zone.offset_at(at)};
  date::year_month_day ymd{date::floor<date::days>(local)};
  auto month = date::year_month(ymd.year(), ymd.month()) + date::months(months);
  date::local_days first{month / date::day(1)};
  return from_local(date::local_time<Millis>(first.time_since_epoch()), zone);
}

}  // namespace pharos
