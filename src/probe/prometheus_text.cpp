#include "probe/prometheus_text.h"

#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace pharos::probe {
namespace {

using Labels = std::vector<std::pair<std::string_view, std::string>>;

// Parses `{a="x",b="y"}` starting at text[i] == '{'; leaves i after '}'. Handles \" \\ \n escapes.
bool parse_labels(std::string_view text, size_t& i, Labels& out) {
  ++i;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    if (i < text.size() && text[i] == '}') {
      ++i;
      return true;
    }
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos || eq + 1 >= text.size() || text[eq + 1] != '"') return false;
    std::string_view name = text.substr(i, eq - i);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    std::string value;
    size_t j = eq + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\\' && j + 1 < text.size()) {
        ++j;
        value += text[j] == 'n' ? '\n' : text[j];
      } else {
        value += text[j];
      }
    }
    if (j >= text.size()) return false;
    out.emplace_back(name, std::move(value));
    i = j + 1;
  }
  return false;
}

struct SeriesMatcher {
  std::string_view name;
  Labels labels;
};

bool parse_matcher(std::string_view series, SeriesMatcher& m) {
  size_t brace = series.find('{');
  m.name = series.substr(0, brace);
  if (brace == std::string_view::npos) return true;
  size_t i = brace;
  return parse_labels(series, i, m.labels);
}

bool labels_match(const Labels& want, const Labels& have) {
  for (const auto& [name, value] : want) {
    bool found = false;
    for (const auto& [hn, hv] : have) {
      if (hn == name && hv == value) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

std::optional<double> sample_value(std::string_view line, size_t i) {
  while (i < line.size() && line[i] == ' ') ++i;
  size_t end = line.find(' ', i);
  std::string number(line.substr(i, end == std::string_view::npos ? line.size() - i : end - i));
  if (number == "+Inf") return std::numeric_limits<double>::infinity();
  if (number == "-Inf") return -std::numeric_limits<double>::infinity();
  char* stop = nullptr;
  double v = std::strtod(number.c_str(), &stop);
  if (number.empty() || *stop != '\0') return std::nullopt;
  return v;
}

}  // namespace

std::optional<double> find_series_value(std::string_view exposition, std::string_view series) {
  SeriesMatcher matcher;
  if (!parse_matcher(series, matcher)) return std::nullopt;
  size_t pos = 0;
  while (pos < exposition.size()) {
    size_t eol = exposition.find('\n', pos);
    if (eol == std::string_view::npos) eol = exposition.size();
    std::string_view line = exposition.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.substr(0, matcher.name.size()) != matcher.name) continue;
    size_t i = matcher.name.size();
    if (i < line.size() && line[i] != '{' && line[i] != ' ') continue;  // a longer name
    Labels labels;
    if (i < line.size() && line[i] == '{' && !parse_labels(line, i, labels)) continue;
    if (!labels_match(matcher.labels, labels)) continue;
    return sample_value(line, i);
  }
  return std::nullopt;
}

}  // namespace pharos::probe
