#pragma once
// What pharos.yaml says about automatic incidents (`automation:` plus each component's
// `critical:` and `messages:`). Config reads it; incident/automation.h acts on it.
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "domain/public_text.h"

namespace pharos {

struct AutomationPolicy {
  std::chrono::milliseconds monitoring_after{std::chrono::minutes(2)};  // healthy → monitoring
  std::chrono::milliseconds resolve_after{std::chrono::minutes(5)};     // monitoring → resolved
  std::chrono::milliseconds reopen_within{std::chrono::minutes(30)};    // recurrence reopens
  // Components marked `critical: true`: their outages open critical incidents
  // (domain/rollup.h, automatic_impact).
  std::set<std::string> critical_components;
  // Public text templates of automatic incidents (`messages:`; domain/public_text.h): the
  // automation-wide ones and per group and component id. The root component's win, then its
  // group's, then these, then the defaults.
  AutoTexts messages;
  std::map<std::string, AutoTexts> group_messages;
  std::map<std::string, AutoTexts> component_messages;

  bool operator==(const AutomationPolicy&) const = default;
};

}  // namespace pharos
