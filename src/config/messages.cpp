#include "config/messages.h"

namespace pharos::config {

AutoTexts read_messages(Reader& r, const YAML::Node& map, const std::string& parent) {
  AutoTexts texts;
  const YAML::Node node = map["messages"];
  if (!node.IsDefined() || node.IsNull()) return texts;
  std::string field = join_field(parent, "messages");
  std::vector<std::string_view> keys;
  for (AutoText t :
       {AutoText::kTitle, AutoText::kInvestigating, AutoText::kWorsened, AutoText::kAlsoAffected,
        AutoText::kReturned, AutoText::kMonitoring, AutoText::kResolved, AutoText::kReopened}) {
    keys.push_back(to_string(t));
  }
  if (!r.check_map(node, field, keys)) return texts;
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    auto which = parse_auto_text(key);
    if (!which) continue;  // reported by check_map
    auto text = r.string(node, key.c_str(), field);
    if (!text) continue;
    if (auto error = template_error(*text)) {
      r.error(entry.second, join_field(field, key), *error);
      continue;
    }
    if (text->empty()) {
      r.error(entry.second, join_field(field, key), "an empty text; leave the key out instead");
      continue;
    }
    texts[*which] = *text;
  }
  return texts;
}

}  // namespace pharos::config
