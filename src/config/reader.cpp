#include "config/reader.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/duration.h"
#include "core/words.h"

namespace pharos::config {
namespace {

std::string allowed_list(const std::vector<std::string_view>& allowed) {
  std::string out;
  for (auto key : allowed) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace

std::string join_field(const std::string& field, std::string_view key) {
  return field.empty() ? std::string(key) : field + "." + std::string(key);
}

std::string index_field(const std::string& field, size_t index) {
  return field + "[" + std::to_string(index) + "]";
}

void Reader::error(const YAML::Node& at, const std::string& field, const std::string& message) {
  ConfigDiagnostic d;
  d.file = file_;
  if (at.IsDefined() && at.Mark().line >= 0) {
    d.line = at.Mark().line + 1;
    d.column = at.Mark().column + 1;
  }
  d.field = field;
  d.message = message;
  errors_.push_back(std::move(d));
}

bool Reader::check_map(const YAML::Node& node, const std::string& field,
                       const std::vector<std::string_view>& allowed) {
  if (!node.IsMap()) {
    error(node, field, "expected a mapping of keys (" + allowed_list(allowed) + ")");
    return false;
  }
  std::set<std::string> seen;
  for (const auto& pair : node) {
    std::string key = pair.first.Scalar();
    if (!seen.insert(key).second) {
      error(pair.first, join_field(field, key), "duplicate key");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string_view closest = nearest(key, allowed);
    std::string message = "unknown key '" + key + "'";
    if (!closest.empty()) message += "; did you mean '" + std::string(closest) + "'?";
    message += " (allowed: " + allowed_list(allowed) + ")";
    error(pair.first, join_field(field, key), message);
  }
  return true;
}

bool Reader::check_sequence(const YAML::Node& node, const std::string& field) {
  if (node.IsSequence()) return true;
  error(node, field, "expected a list");
  return false;
}

std::string Reader::expand_env(const std::string& value, const YAML::Node& at,
                               const std::string& field) {
  std::string out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t start = value.find("${", pos);
    if (start == std::string::npos) break;
    size_t end = value.find('}', start);
    if (end == std::string::npos) break;
    out.append(value, pos, start - pos);
    std::string name = value.substr(start + 2, end - start - 2);
    const char* env = std::getenv(name.c_str());
    if (env == nullptr) {
      std::string message = "environment variable ";
      message.append(name).append(" is not set (referenced as ${").append(name).append("})");
      error(at, field, message);
    } else {
      out += env;
    }
    pos = end + 1;
  }
  out.append(value, pos, std::string::npos);
  return out;
}

std::optional<std::string> Reader::string(const YAML::Node& map, const char* key,
                                          const std::string& field, bool required) {
  YAML::Node node = map[key];
  std::string path = join_field(field, key);
  if (!node.IsDefined() || node.IsNull()) {
    if (required) error(map, path, std::string("missing required key '") + key + "'");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    error(node, path, "expected a text value");
    return std::nullopt;
  }
  return expand_env(node.Scalar(), node, path);
}

std::optional<std::int64_t> Reader::integer(const YAML::Node& map, const char* key,
                                            const std::string& field, std::int64_t min,
                                            std::int64_t max) {
  YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  std::string path = join_field(field, key);
  std::int64_t value = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
    error(node, path, "expected a whole number");
    return std::nullopt;
  }
  if (value < min || value > max) {
    error(node, path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Reader::boolean(const YAML::Node& map, const char* key,
                                    const std::string& field) {
  YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    error(node, join_field(field, key), "expected true or false");
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::milliseconds> Reader::duration(const YAML::Node& map, const char* key,
                                                          const std::string& field) {
  YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  std::string path = join_field(field, key);
  if (!node.IsScalar()) {
    error(node, path, "expected a duration like 30s, 5m or 14d");
    return std::nullopt;
  }
  auto parsed = parse_duration(node.Scalar());
  if (!parsed) {
    error(node, path, parsed.error().message);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::vector<std::string>> Reader::string_list(const YAML::Node& map, const char* key,
                                                            const std::string& field) {
  YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  std::string path = join_field(field, key);
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(expand_env(node.Scalar(), node, path));
    return out;
  }
  if (!node.IsSequence()) {
    error(node, path, "expected a list of text values");
    return std::nullopt;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    if (!node[i].IsScalar()) {
      error(node[i], index_field(path, i), "expected a text value");
      continue;
    }
    out.push_back(expand_env(node[i].Scalar(), node[i], index_field(path, i)));
  }
  return out;
}

}  // namespace pharos::config
