#include "config/slo.h"

#include <charconv>

namespace pharos::config {
namespace {

// "99.9%" or "99.9" → 0.999; nullopt when not a number.
std::optional<double> parse_percent(std::string text) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value / 100.0;
}

}  // namespace

std::optional<SloSpec> read_slo(Reader& r, const YAML::Node& map, const std::string& field,
                                const std::string& target_id, bool group) {
  YAML::Node node = map["slo"];
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  std::string path = join_field(field, "slo");
  if (!r.check_map(node, path, {"target", "window"})) return std::nullopt;
  SloSpec spec;
  spec.target_id = target_id;
  spec.group = group;
  bool ok = true;
  if (auto target = r.string(node, "target", path, true)) {
    auto objective = parse_percent(*target);
    // At most 1 % is no objective anyone means: 0.999 is a fraction written for 99.9 %.
    if (!objective || *objective <= 0.01 || *objective >= 1.0) {
      r.error(node["target"], join_field(path, "target"),
              "expected a percentage above 1 and below 100, like 99.9%");
      ok = false;
    } else {
      spec.objective = *objective;
    }
  } else {
    ok = false;
  }
  if (auto window = r.duration(node, "window", path)) {
    if (*window < std::chrono::hours(1) || *window > kMaxSloWindow) {
      r.error(node["window"], join_field(path, "window"), "expected from 1h to 400d");
      ok = false;
    } else {
      spec.window = *window;
    }
  } else if (node["window"].IsDefined()) {
    ok = false;  // present but not a duration: the reader said why
  }
  if (!ok) return std::nullopt;
  return spec;
}

}  // namespace pharos::config
