#include "domain/public_text.h"

#include <array>

#include "core/enum_names.h"

namespace pharos {
namespace {

// Each automatic text in one row: its key (pharos.yaml `messages:`) and the template used where
// none is configured.
struct AutoTextRow {
  AutoText value;
  std::string_view name;
  std::string_view default_template;
};
constexpr std::array<AutoTextRow, 8> kAutoTexts{{
    {AutoText::kTitle, "title", "{status} of {components}"},
    {AutoText::kInvestigating, "investigating", "We are investigating {problem} of {components}."},
    {AutoText::kWorsened, "worsened",
     "The problem has worsened: we are now seeing {problem} of {components}. We are "
     "investigating."},
    {AutoText::kAlsoAffected, "also_affected", "We are also seeing {problem} of {components}."},
    {AutoText::kReturned, "returned",
     "The problem has returned: we are seeing {problem} of {components} again. We are "
     "investigating."},
    {AutoText::kMonitoring, "monitoring",
     "Service has recovered for {components}. We are monitoring to make sure it stays healthy."},
    {AutoText::kResolved, "resolved",
     "This incident has been resolved: service has been restored for {components}."},
    {AutoText::kReopened, "reopened",
     "The problem has recurred: we are investigating {problem} of {components}."},
}};

constexpr std::array<std::string_view, 6> kVariables{"components", "problem",    "status",
                                                     "impact",     "start_time", "page"};

// How an automatic text names a component's problem: within a sentence ({problem}) and as a
// title ({status}).
struct ProblemWords {
  std::string_view in_sentence;
  std::string_view title;
};

ProblemWords problem_words(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::kDegradedPerformance:
      return {"degraded performance", "Degraded performance"};
    case ComponentStatus::kPartialOutage:
      return {"a partial outage", "Partial outage"};
    case ComponentStatus::kMajorOutage:
      return {"a major outage", "Major outage"};
    case ComponentStatus::kOperational:
    case ComponentStatus::kUnderMaintenance:
      break;
  }
  return {"a problem", "Problem"};
}

std::string value_of(std::string_view name, const AutoTextVars& v) {
  if (name == "components") return join_names(v.components);
  if (name == "problem") return std::string(problem_words(v.status).in_sentence);
  if (name == "status") return std::string(problem_words(v.status).title);
  if (name == "impact") return std::string(to_string(v.impact));
  if (name == "start_time") return v.start_time;
  return v.page;
}

bool known(std::string_view name) {
  for (auto v : kVariables) {
    if (v == name) return true;
  }
  return false;
}

// Walks `text`, calling `literal(string_view)` and `variable(name)`; returns an error text for
// an unknown variable or an unbalanced brace.
template <typename Literal, typename Variable>
std::optional<std::string> walk(std::string_view text, Literal literal, Variable variable) {
  size_t i = 0;
  while (i < text.size()) {
    char ch = text[i];
    if ((ch == '{' || ch == '}') && i + 1 < text.size() && text[i + 1] == ch) {
      literal(text.substr(i, 1));
      i += 2;
    } else if (ch == '}') {
      return "a lone '}' (write '}}' for a brace)";
    } else if (ch == '{') {
      size_t end = text.find('}', i);
      if (end == std::string_view::npos) return "'{' without its '}' (write '{{' for a brace)";
      std::string_view name = text.substr(i + 1, end - i - 1);
      if (!known(name)) {
        return "unknown variable {" + std::string(name) + "}; known: {components}, {problem}, " +
               "{status}, {impact}, {start_time}, {page}";
      }
      variable(name);
      i = end + 1;
    } else {
      size_t next = text.find_first_of("{}", i);
      if (next == std::string_view::npos) next = text.size();
      literal(text.substr(i, next - i));
      i = next;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AutoText t) {
  const AutoTextRow* row = enum_row(kAutoTexts, t);
  return row != nullptr ? row->name : "";
}

std::optional<AutoText> parse_auto_text(std::string_view key) {
  return enum_from_name(kAutoTexts, key);
}

std::string_view auto_text_names() {
  return "title, investigating, worsened, also_affected, returned, monitoring, resolved, "
         "reopened";
}

std::string_view default_template(AutoText t) {
  const AutoTextRow* row = enum_row(kAutoTexts, t);
  return row != nullptr ? row->default_template : "";
}

std::optional<std::string> template_error(std::string_view text) {
  return walk(
      text, [](std::string_view) {}, [](std::string_view) {});
}

std::string render_template(std::string_view text, const AutoTextVars& vars) {
  std::string out;
  auto error = walk(
      text, [&](std::string_view s) { out += s; },
      [&](std::string_view name) { out += value_of(name, vars); });
  return error ? std::string(text) : out;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace pharos
