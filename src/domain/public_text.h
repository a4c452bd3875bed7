#pragma once
// What automation publishes to customers: the title and update texts of automatic incidents,
// written from templates. The failing monitors, nodes, addresses and errors are never among the
// variables (they go to InternalNote, the admin view and the admin alert routes).
//
// Syntax: text with `{variable}` places; `{{` and `}}` stand for literal braces. Variables:
//   {components}  the affected components' names: "Public API", "API and Auth", "A, B and C"
//   {problem}     "degraded performance", "a partial outage", "a major outage"
//   {status}      the component status as a title: "Degraded performance", "Partial outage",
//                 "Major outage"
//   {impact}      the incident's impact: "minor", "major", "critical"
//   {start_time}  when the problem began, in the page's time zone: "Dec 05, 10:04 CET"
//   {page}        the page's name
// An unknown variable or an unbalanced brace is an error at config load (template_error).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace pharos {

// The moments automation writes public text for. No `identified`: automation never knows the
// cause (people post that); nothing is posted during maintenance (automation is silent then).
enum class AutoText {
  kTitle,          // the incident's name
  kInvestigating,  // opened
  kWorsened,       // a worse status while open
  kAlsoAffected,   // a dependant joined the incident (its names in {components})
  kReturned,       // failing again while monitoring
  kMonitoring,     // healthy for monitoring_after
  kResolved,       // healthy for resolve_after more
  kReopened,       // failing again within reopen_within of resolution
};

// "title", "investigating", "worsened", "also_affected", "returned", "monitoring", "resolved",
// "reopened" (the keys of `messages:` in pharos.yaml).
std::string_view to_string(AutoText t);
std::optional<AutoText> parse_auto_text(std::string_view key);
std::string_view auto_text_names();  // "title, investigating, …" for error messages

// Templates set in pharos.yaml; a missing one falls back (component → group → automation →
// the default).
using AutoTexts = std::map<AutoText, std::string>;

std::string_view default_template(AutoText t);

struct AutoTextVars {
  std::vector<std::string> components;  // names, in incident order
  ComponentStatus status = ComponentStatus::kOperational;
  Impact impact = Impact::kNone;
  std::string start_time;  // already formatted in the page's zone
  std::string page;
};

// Why `text` is not a valid template ("unknown variable {node}; known: …"), or nullopt.
std::optional<std::string> template_error(std::string_view text);
// Fills a valid template; an invalid one is returned as written (config load refuses those).
std::string render_template(std::string_view text, const AutoTextVars& vars);
// "A", "A and B", "A, B and C".
std::string join_names(const std::vector<std::string>& names);

}  // namespace pharos
