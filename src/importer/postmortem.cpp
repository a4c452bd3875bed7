#include "importer/postmortem.h"

#include <array>
#include <string_view>

#include "core/text.h"

namespace pharos::importer {
namespace {

constexpr std::array<std::string_view, 22> kHeadingWords = {"description",
                                                            "type of event",
                                                            "impacted",
                                                            "impact",
                                                            "timeline",
                                                            "duration",
                                                            "root cause",
                                                            "remediation",
                                                            "preventative",
                                                            "preventive",
                                                            "prevention",
                                                            "actions taken",
                                                            "action items",
                                                            "what happened",
                                                            "what are we going to do",
                                                            "what we are doing",
                                                            "next steps",
                                                            "more information",
                                                            "summary",
                                                            "lessons learned",
                                                            "resolution",
                                                            "background"};

// "• item", "- item", "* item", "· item" → the item text, or empty when not a bullet.
std::string bullet_text(const std::string& line) {
  for (std::string_view mark : {"\xE2\x80\xA2", "\xC2\xB7", "-", "*"}) {
    if (line.size() > mark.size() + 1 && std::string_view(line).starts_with(mark) &&
        line[mark.size()] == ' ') {
      return trim_text(line.substr(mark.size()));
    }
  }
  return {};
}

// "1. item": already a Markdown ordered-list item.
bool is_numbered_item(const std::string& line) {
  size_t n = 0;
  while (n < line.size() && n < 3 && line[n] >= '0' && line[n] <= '9') ++n;
  return n > 0 && n + 1 < line.size() && line[n] == '.' && line[n + 1] == ' ';
}

}  // namespace

bool is_postmortem_heading(const std::string& line) {
  if (line.empty() || line.size() > 60) return false;
  char last = line.back();
  if (last != ':' && last != '?') {
    // Without a colon only an exact heading counts ("More Information", "Root Cause").
    std::string lower = to_lower(line);
    for (auto w : kHeadingWords) {
      if (lower == w) return true;
    }
    return false;
  }
  size_t words = 1;
  for (char c : line) words += c == ' ' ? 1 : 0;
  if (words > 7) return false;
  std::string lower = to_lower(line);
  for (auto w : kHeadingWords) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string postmortem_markdown(const std::vector<Line>& lines, size_t begin, size_t end) {
  std::string out;
  bool in_list = false;
  for (size_t i = begin; i < end && i < lines.size(); ++i) {
    const std::string& text = lines[i].text;
    if (text.empty()) continue;
    std::string item = bullet_text(text);
    bool numbered = is_numbered_item(text);
    std::string piece;
    if (numbered) {
      piece = text;
      item = text;
    } else if (!item.empty()) {
      piece = "- " + item;
    } else if (is_postmortem_heading(text)) {
      std::string heading = trim_text(text.substr(0, text.size() - (text.back() == ':' ? 1 : 0)));
      piece = "## " + heading;
    } else {
      piece = text;
    }
    if (!out.empty()) out += (in_list && !item.empty()) ? "\n" : "\n\n";
    in_list = !item.empty();
    out += piece;
  }
  return out;
}

}  // namespace pharos::importer
