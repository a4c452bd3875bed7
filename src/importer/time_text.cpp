#include "importer/time_text.h"

#include <array>
#include <cctype>
#include <vector>

#include "core/text.h"

namespace pharos::importer {
namespace {

enum class TokenKind { kWord, kNumber, kClock, kOffset };

struct Token {
  TokenKind kind;
  std::string text;
};

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Splits into words, numbers, clock readings ("06:15", "7:30:05") and offsets ("+05:30").
// Everything else separates tokens. Bounded: at most 64 tokens are looked at.
std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size() && out.size() < 64) {
    char c = s[i];
    if (is_alpha(c)) {
      size_t j = i;
      while (j < s.size() && is_alpha(s[j])) ++j;
      out.push_back({TokenKind::kWord, std::string(s.substr(i, j - i))});
      i = j;
    } else if (is_digit(c) || ((c == '+' || c == '-') && i + 1 < s.size() && is_digit(s[i + 1]) &&
                               !out.empty() && out.back().kind == TokenKind::kWord &&
                               (out.back().text == "GMT" || out.back().text == "UTC"))) {
      size_t j = i + ((c == '+' || c == '-') ? 1 : 0);
      while (j < s.size() &&
             (is_digit(s[j]) || (s[j] == ':' && j + 1 < s.size() && is_digit(s[j + 1]))))
        ++j;
      std::string text(s.substr(i, j - i));
      TokenKind kind = (c == '+' || c == '-')                ? TokenKind::kOffset
                       : text.find(':') != std::string::npos ? TokenKind::kClock
                                                             : TokenKind::kNumber;
      out.push_back({kind, std::move(text)});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<unsigned> month_of(const std::string& word) {
  static constexpr std::array<const char*, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return std::nullopt;
  std::string w = to_lower(word);
  if (w == "sept") return 9u;
  for (unsigned m = 0; m < 12; ++m) {
    std::string_view full = kMonths[m];
    if (w.size() <= full.size() && full.substr(0, w.size()) == w && (w.size() == 3 || w == full)) {
      return m + 1;
    }
  }
  return std::nullopt;
}

std::optional<int> small_number(const std::string& text, size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : text) v = v * 10 + (c - '0');
  return v;
}

bool is_meridiem(const std::string& w) { return equals_ci(w, "am") || equals_ci(w, "pm"); }

const ZoneAbbreviation* find_abbreviation(std::string_view abbreviation) {
  for (const ZoneAbbreviation* z = zone_abbreviations(); z->abbreviation; ++z) {
    if (abbreviation == z->abbreviation) return z;
  }
  return nullptr;
}

bool looks_like_zone(const std::string& word) {
  if (word == "Z" || word == "GMT" || word == "UTC") return true;
  return find_abbreviation(word) != nullptr;
}

// Reads "<Month> <day>[,] [<year>]" or "<day> <Month> [<year>]" starting at tokens[i].
size_t read_date(const std::vector<Token>& t, size_t i, LocalStamp& s) {
  if (t[i].kind == TokenKind::kWord) {
    auto month = month_of(t[i].text);
    if (!month || i + 1 >= t.size() || t[i + 1].kind != TokenKind::kNumber) return 0;
    auto day = small_number(t[i + 1].text, 2);
    if (!day || *day < 1 || *day > 31) return 0;
    s.month = *month;
    s.day = static_cast<unsigned>(*day);
    size_t used = 2;
    if (i + 2 < t.size() && t[i + 2].kind == TokenKind::kNumber && t[i + 2].text.size() == 4) {
      s.year = small_number(t[i + 2].text, 4);
      used = 3;
    }
    return used;
  }
  if (t[i].kind != TokenKind::kNumber || i + 1 >= t.size() || t[i + 1].kind != TokenKind::kWord)
    return 0;
  auto day = small_number(t[i].text, 2);
  auto month = month_of(t[i + 1].text);
  if (!day || !month || *day < 1 || *day > 31) return 0;
  s.month = *month;
  s.day = static_cast<unsigned>(*day);
  size_t used = 2;
  if (i + 2 < t.size() && t[i + 2].kind == TokenKind::kNumber && t[i + 2].text.size() == 4) {
    s.year = small_number(t[i + 2].text, 4);
    used = 3;
  }
  return used;
}

// Reads "HH:MM[:SS] [AM|PM] [ZONE|GMT+1|+05:30]" starting at tokens[i].
size_t read_time(const std::vector<Token>& t, size_t i, LocalStamp& s) {
  if (t[i].kind != TokenKind::kClock) return 0;
  auto parts = split(t[i].text, ':');
  if (parts.size() < 2 || parts.size() > 3) return 0;
  auto h = small_number(parts[0], 2);
  auto m = small_number(parts[1], 2);
  auto sec = parts.size() == 3 ? small_number(parts[2], 2) : std::optional<int>(0);
  if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) return 0;
  size_t used = 1;
  int hour = *h;
  if (i + 1 < t.size() && t[i + 1].kind == TokenKind::kWord && is_meridiem(t[i + 1].text)) {
    if (hour < 1 || hour > 12) return 0;
    bool pm = equals_ci(t[i + 1].text, "pm");
    hour = hour % 12 + (pm ? 12 : 0);
    ++used;
  }
  s.hour = hour;
  s.minute = *m;
  s.second = *sec;
  if (i + used < t.size() && t[i + used].kind == TokenKind::kWord &&
      looks_like_zone(t[i + used].text)) {
    s.zone = t[i + used].text;
    ++used;
    if (i + used < t.size() && t[i + used].kind == TokenKind::kOffset) {
      s.zone += t[i + used].text;
      ++used;
    }
  }
  return used;
}

// Offset in minutes from "+05:30", "+0530", "+1", "-7".
std::optional<int> parse_offset(std::string_view text) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  int sign = text[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : text.substr(1)) {
    if (is_digit(c)) digits += c;
  }
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int hours = 0;
  int minutes = 0;
  if (digits.size() <= 2) {
    hours = std::stoi(digits);
  } else {
    hours = std::stoi(digits.substr(0, digits.size() - 2));
    minutes = std::stoi(digits.substr(digits.size() - 2));
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

}  // namespace

const ZoneAbbreviation* zone_abbreviations() {
  static const ZoneAbbreviation kTable[] = {
      {"UTC", 0, "Coordinated Universal Time", false},
      {"GMT", 0, "Greenwich Mean Time", false},
      {"Z", 0, "UTC", false},
      {"WET", 0, "Western European Time", false},
      {"WEST", 60, "Western European Summer Time", false},
      {"BST", 60, "British Summer Time (also Bangladesh +06:00)", true},
      {"IST", 330, "India Standard Time (also Irish +01:00, Israel +02:00)", true},
      {"CET", 60, "Central European Time", false},
      {"CEST", 120, "Central European Summer Time", false},
      {"EET", 120, "Eastern European Time", false},
      {"EEST", 180, "Eastern European Summer Time", false},
      {"MSK", 180, "Moscow Time", false},
      {"SAST", 120, "South Africa Standard Time", false},
      {"GST", 240, "Gulf Standard Time", false},
      {"PKT", 300, "Pakistan Standard Time", false},
      {"ICT", 420, "Indochina Time", false},
      {"WIB", 420, "Western Indonesia Time", false},
      {"SGT", 480, "Singapore Time", false},
      {"HKT", 480, "Hong Kong Time", false},
      {"AWST", 480, "Australian Western Standard Time", false},
      {"JST", 540, "Japan Standard Time", false},
      {"KST", 540, "Korea Standard Time", false},
      {"ACST", 570, "Australian Central Standard Time", false},
      {"ACDT", 630, "Australian Central Daylight Time", false},
      {"AEST", 600, "Australian Eastern Standard Time", false},
      {"AEDT", 660, "Australian Eastern Daylight Time", false},
      {"NZST", 720, "New Zealand Standard Time", false},
      {"NZDT", 780, "New Zealand Daylight Time", false},
      {"BRT", -180, "Brasília Time", false},
      {"ART", -180, "Argentina Time", false},
      {"NST", -210, "Newfoundland Standard Time", false},
      {"NDT", -150, "Newfoundland Daylight Time", false},
      {"AST", -240, "Atlantic Standard Time (also Arabia +03:00)", true},
      {"ADT", -180, "Atlantic Daylight Time", false},
      {"EST", -300, "Eastern Standard Time (North America)", false},
      {"EDT", -240, "Eastern Daylight Time (North America)", false},
      {"CST", -360, "Central Standard Time (North America; also China +08:00, Cuba -05:00)", true},
      {"CDT", -300, "Central Daylight Time (North America; also Cuba -04:00)", true},
      {"MST", -420, "Mountain Standard Time", false},
      {"MDT", -360, "Mountain Daylight Time", false},
      {"PST", -480, "Pacific Standard Time (North America)", false},
      {"PDT", -420, "Pacific Daylight Time (North America)", false},
      {"AKST", -540, "Alaska Standard Time", false},
      {"AKDT", -480, "Alaska Daylight Time", false},
      {"HST", -600, "Hawaii-Aleutian Standard Time", false},
      {nullptr, 0, nullptr, false},
  };
  return kTable;
}

std::optional<LocalStamp> find_stamp(std::string_view text) {
  auto tokens = tokenize(text);
  LocalStamp s;
  bool found = false;
  int since_date = 0;  // tokens read since the date; a time further away belongs to other words
  for (size_t i = 0; i < tokens.size();) {
    LocalStamp date_only;
    if (size_t used = read_date(tokens, i, date_only); used > 0) {
      // A later date replaces an earlier one without a time ("Posted Nov 12, 2021. Nov 12, 2021 -
      // 19:52").
      s = date_only;
      found = true;
      since_date = 0;
      i += used;
      continue;
    }
    if (read_time(tokens, i, s) > 0) return s;
    if (found && ++since_date > 2) break;
    ++i;
  }
  if (!found) return std::nullopt;
  return s;
}

bool is_stamp_line(std::string_view text) {
  auto stamp = find_stamp(text);
  if (!stamp) return false;
  // Every word must be part of a stamp or a known filler.
  for (const auto& t : tokenize(text)) {
    if (t.kind != TokenKind::kWord) continue;
    if (month_of(t.text) || is_meridiem(t.text) || looks_like_zone(t.text)) continue;
    std::string w = to_lower(t.text);
    static constexpr std::array<std::string_view, 16> kFiller = {
        "posted",  "at",     "on",     "ago",     "days",      "day",      "hours",  "hour",
        "minutes", "minute", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    bool filler = w == "sunday" || w == "a" || w == "an" || w == "months" || w == "month" ||
                  w == "years" || w == "year";
    for (auto f : kFiller) filler = filler || w == f;
    if (!filler) return false;
  }
  return true;
}

Result<Instant> resolve_stamp(const LocalStamp& stamp, const ImportOptions& options,
                              std::optional<int> context_year, std::string* warning) {
  if (!stamp.has_time()) return Error::invalid("expected a time of day (like 06:15 PM)");
  unsigned month = 0;
  unsigned day = 0;
  int year = 0;
  if (stamp.has_date()) {
    month = *stamp.month;
    day = *stamp.day;
    if (stamp.year)
      year = *stamp.year;
    else if (context_year)
      year = *context_year;
    else if (options.date)
      year = int(options.date->year());
    else
      return Error::invalid("the date has no year and the page gives none; add --date YYYY-MM-DD");
  } else {
    if (!options.date) {
      return Error::invalid(
          std::string("the page prints times without a date; add --date YYYY-MM-DD") +
          (stamp.zone.empty() && !options.zone ? " and --tz ZONE" : ""));
    }
    year = int(options.date->year());
    month = unsigned(options.date->month());
    day = unsigned(options.date->day());
  }
  date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!ymd.ok()) return Error::invalid("not a calendar date");
  auto local = date::local_days(ymd) + std::chrono::hours(*stamp.hour) +
               std::chrono::minutes(*stamp.minute) + std::chrono::seconds(stamp.second.value_or(0));
  auto local_ms =
      date::local_time<Millis>(std::chrono::duration_cast<Millis>(local.time_since_epoch()));
  if (stamp.zone.empty()) {
    if (!options.zone)
      return Error::invalid("the page prints times without a time zone; add --tz ZONE");
    return from_local(local_ms, *options.zone);
  }
  std::string letters = stamp.zone;
  std::string offset_text;
  auto sign = letters.find_first_of("+-");
  if (sign != std::string::npos) {
    offset_text = letters.substr(sign);
    letters = letters.substr(0, sign);
  }
  if (!offset_text.empty()) {
    auto minutes = parse_offset(offset_text);
    if (!minutes) return Error::invalid("unreadable UTC offset '" + stamp.zone + "'");
    return Instant(local_ms.time_since_epoch() - std::chrono::minutes(*minutes));
  }
  // --tz wins when its abbreviation at that moment is the one printed (EST in America/New_York,
  // IST in Europe/Dublin): that settles every ambiguous abbreviation the way the user meant.
  if (options.zone) {
    Instant candidate = from_local(local_ms, *options.zone);
    if (options.zone->abbreviation_at(candidate) == letters) return candidate;
  }
  const ZoneAbbreviation* entry = find_abbreviation(letters);
  if (!entry)
    return Error::invalid("unknown time-zone abbreviation '" + letters + "'; add --tz ZONE");
  if (entry->ambiguous && warning) {
    *warning = "'" + letters + "' is ambiguous; read as " + entry->meaning +
               "; pass --tz with the page's zone to choose";
  }
  return Instant(local_ms.time_since_epoch() - std::chrono::minutes(entry->offset_minutes));
}

}  // namespace pharos::importer
