#pragma once
// gtest assertion for config diagnostics: "there is an error at this line, on this field, whose
// message contains this text" — printing every diagnostic when there is not.
#include <gtest/gtest.h>

#include <string>

#include "config/config.h"

namespace pharos::testing {

inline ::testing::AssertionResult HasError(const LoadedConfig& loaded, int line,
                                           const std::string& field,
                                           const std::string& message_part) {
  for (const auto& e : loaded.errors) {
    if (e.line == line && e.field == field && e.message.find(message_part) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no error at line " << line << " field " << field
                                       << " containing '" << message_part << "'; got:\n"
                                       << loaded.describe();
}

}  // namespace pharos::testing
