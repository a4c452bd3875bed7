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

// "19th", "1st": the letters right after a day number are no word of their own.
bool is_ordinal_suffix(std::string_view s, size_t begin, size_t end) {
  if (begin == 0 || !is_digit(s[begin - 1]) || end - begin != 2) return false;
  std::string w = to_lower(s.substr(begin, 2));
  return w == "st" || w == "nd" || w == "rd" || w == "th";
}

// A sign that starts a UTC offset: after "GMT"/"UTC" ("GMT+6"), or after a clock reading and a
// space ("10:00:00 +0000", RFC 2822; "10:00 +13:00"). "12:30-13:00" is a range, not an offset.
bool starts_offset(std::string_view s, size_t i, const std::vector<Token>& out) {
  if (i + 1 >= s.size() || !is_digit(s[i + 1]) || out.empty()) return false;
  const Token& prev = out.back();
  if (prev.kind == TokenKind::kWord && (prev.text == "GMT" || prev.text == "UTC")) return true;
  bool after_time =
      prev.kind == TokenKind::kClock ||
      (prev.kind == TokenKind::kWord && (equals_ci(prev.text, "am") || equals_ci(prev.text, "pm")));
  return after_time && i > 0 && s[i - 1] == ' ';
}

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
      if (!is_ordinal_suffix(s, i, j))
        out.push_back({TokenKind::kWord, std::string(s.substr(i, j - i))});
      i = j;
    } else if (is_digit(c) || ((c == '+' || c == '-') && starts_offset(s, i, out))) {
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
  if (i + 1 >= t.size()) return 0;
  bool month_first = t[i].kind == TokenKind::kWord && t[i + 1].kind == TokenKind::kNumber;
  bool day_first = t[i].kind == TokenKind::kNumber && t[i + 1].kind == TokenKind::kWord;
  if (!month_first && !day_first) return 0;
  auto month = month_of(t[month_first ? i : i + 1].text);
  auto day = small_number(t[month_first ? i + 1 : i].text, 2);
  if (!day || !month || *day < 1 || *day > 31) return 0;
  s.month = *month;
  s.day = static_cast<unsigned>(*day);
  if (i + 2 < t.size() && t[i + 2].kind == TokenKind::kNumber && t[i + 2].text.size() == 4) {
    s.year = small_number(t[i + 2].text, 4);
    return 3;
  }
  return 2;
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
  if (i + used < t.size() && t[i + used].kind == TokenKind::kOffset) {
    s.zone = t[i + used].text;
    return used + 1;
  }
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

// Digits of `s` from `i`, at most `max`; the count read (0 when none).
size_t digits_at(std::string_view s, size_t i, size_t max, int& value) {
  size_t n = 0;
  value = 0;
  while (i + n < s.size() && n < max && is_digit(s[i + n])) value = value * 10 + (s[i + n++] - '0');
  return (i + n < s.size() && is_digit(s[i + n])) ? 0 : n;
}

// "YYYY-MM-DD" (ISO 8601, optionally "T" before the time), "M/D/YYYY" (US) or "D.M.YYYY" at `i`:
// the spelled form "D Mon YYYY " and the characters it replaces, or 0.
size_t numeric_date_at(std::string_view s, size_t i, std::string& spelled) {
  static constexpr std::array<const char*, 12> kAbbr = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int a = 0, b = 0, c = 0;
  size_t n1 = digits_at(s, i, 4, a);
  if (n1 == 0 || i + n1 >= s.size()) return 0;
  char sep = s[i + n1];
  if (sep != '-' && sep != '/' && sep != '.') return 0;
  size_t n2 = digits_at(s, i + n1 + 1, 2, b);
  if (n2 == 0 || i + n1 + 1 + n2 >= s.size() || s[i + n1 + 1 + n2] != sep) return 0;
  size_t n3 = digits_at(s, i + n1 + n2 + 2, 4, c);
  int year = 0, month = 0, day = 0;
  if (sep == '-' && n1 == 4 && n3 >= 1 && n3 <= 2) {
    year = a, month = b, day = c;
  } else if (sep != '-' && n1 <= 2 && n3 == 4) {
    year = c, month = sep == '/' ? a : b, day = sep == '/' ? b : a;
  } else {
    return 0;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
  size_t used = n1 + n2 + n3 + 2;
  if (i + used < s.size() && s[i + used] == 'T') ++used;
  spelled = std::to_string(day) + " " + kAbbr[size_t(month - 1)] + " " + std::to_string(year) + " ";
  return used;
}

// Generic North American zones ("12:00AM ET") are EST or EDT by the date: read in their zone.
std::optional<std::string_view> generic_zone(std::string_view letters) {
  if (letters == "ET") return "America/New_York";
  if (letters == "CT") return "America/Chicago";
  if (letters == "MT") return "America/Denver";
  if (letters == "PT") return "America/Los_Angeles";
  return std::nullopt;
}

}  // namespace

std::string spell_numeric_dates(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    std::string spelled;
    bool boundary = i == 0 || !(is_digit(text[i - 1]) || is_alpha(text[i - 1]));
    size_t used = boundary && is_digit(text[i]) ? numeric_date_at(text, i, spelled) : 0;
    if (used > 0) {
      out += spelled;
      i += used;
    } else {
      out += text[i++];
    }
  }
  return out;
}

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
      {"CAT", 120, "Central Africa Time", false},
      {"EAT", 180, "East Africa Time", false},
      {"WAT", 60, "West Africa Time", false},
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
      {"ET", -300, "North American Eastern Time (EST or EDT by the date)", false},
      {"CT", -360, "North American Central Time (CST or CDT by the date)", false},
      {"MT", -420, "North American Mountain Time (MST or MDT by the date)", false},
      {"PT", -480, "North American Pacific Time (PST or PDT by the date)", false},
      {nullptr, 0, nullptr, false},
  };
  return kTable;
}

std::optional<LocalStamp> find_stamp(std::string_view text) {
  std::string spelled = spell_numeric_dates(text);
  auto tokens = tokenize(spelled);
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
  for (const auto& t : tokenize(spell_numeric_dates(text))) {
    if (t.kind != TokenKind::kWord) continue;
    if (month_of(t.text) || is_meridiem(t.text) || looks_like_zone(t.text)) continue;
    std::string w = to_lower(t.text);
    static constexpr std::array<std::string_view, 16> kFiller = {
        "posted",  "at",     "on",     "ago",     "days",      "day",      "hours",  "hour",
        "minutes", "minute", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    static constexpr std::array<std::string_view, 10> kShortDays = {
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"};
    bool filler = w == "sunday" || w == "a" || w == "an" || w == "months" || w == "month" ||
                  w == "years" || w == "year";
    for (auto d : kShortDays) filler = filler || w == d;
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
  if (auto name = generic_zone(letters)) {
    auto zone = TimeZone::locate(*name);
    if (zone) return from_local(local_ms, *zone);
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
