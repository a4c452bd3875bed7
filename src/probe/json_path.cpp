#include "probe/json_path.h"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace pharos::probe {
namespace {

Error bad_path(std::string_view path, std::string_view why) {
  return Error::invalid("bad JSON path '" + std::string(path) + "': " + std::string(why));
}

// Reads a bracket step at path[i] == '['; advances i past ']'. Sets key or index.
Result<bool> bracket_step(std::string_view path, size_t& i, std::string& key,
                          std::optional<size_t>& index) {
  size_t close = path.find(']', i);
  if (close == std::string_view::npos) return bad_path(path, "missing ]");
  std::string_view inner = path.substr(i + 1, close - i - 1);
  i = close + 1;
  if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"') &&
      inner.back() == inner.front()) {
    key = std::string(inner.substr(1, inner.size() - 2));
    return true;
  }
  size_t n = 0;
  auto [end, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), n);
  if (ec != std::errc() || end != inner.data() + inner.size()) {
    return bad_path(path, "expected [index] or ['key']");
  }
  index = n;
  return true;
}

}  // namespace

Result<const boost::json::value*> find_json_path(const boost::json::value& root,
                                                 std::string_view path) {
  if (path.empty() || path[0] != '$') return bad_path(path, "must start with $");
  const boost::json::value* cur = &root;
  size_t i = 1;
  while (i < path.size() && cur) {
    std::string key;
    std::optional<size_t> index;
    if (path[i] == '.') {
      size_t end = path.find_first_of(".[", i + 1);
      if (end == std::string_view::npos) end = path.size();
      key = std::string(path.substr(i + 1, end - i - 1));
      if (key.empty()) return bad_path(path, "empty key");
      i = end;
    } else if (path[i] == '[') {
      auto step = bracket_step(path, i, key, index);
      if (!step) return step.error();
    } else {
      return bad_path(path, "expected . or [");
    }
    if (index) {
      const auto* arr = cur->if_array();
      cur = (arr && *index < arr->size()) ? &(*arr)[*index] : nullptr;
    } else {
      const auto* obj = cur->if_object();
      cur = obj ? obj->if_contains(key) : nullptr;
    }
  }
  return cur;
}

std::string json_scalar_text(const boost::json::value& value) {
  if (const auto* s = value.if_string()) return std::string(s->data(), s->size());
  if (value.is_null()) return "null";
  if (value.is_double()) {  // Boost writes 2.5E0; people write 2.5
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", value.get_double());
    return buf;
  }
  return boost::json::serialize(value);
}

bool json_matches(const boost::json::value& actual, std::string_view expected) {
  if (actual.is_number()) {
    std::string text(expected);
    char* end = nullptr;
    double want = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0') return false;
    return actual.to_number<double>() == want;
  }
  return json_scalar_text(actual) == expected;
}

}  // namespace pharos::probe
