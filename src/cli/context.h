#pragma once
// Shared state of one CLI invocation: the global options and the environment opened on demand.
#include <iosfwd>
#include <memory>
#include <string>

#include "app/environment.h"
#include "core/clock.h"

namespace pharos::cli {

// Exit codes: 0 success, 1 the operation failed or a check failed, 2 bad usage or bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Context {
  GlobalOptions options;
  std::string log_level;
  const Clock* clock = &SystemClock::instance();
  std::unique_ptr<Environment> env;
  int exit_code = kExitOk;

  // Opens the environment once; on failure prints the error and returns nullptr (exit_code set).
  Environment* environment();
  // Prints "error: <message>" to stderr and sets the exit code from the error kind.
  void fail(const Error& error);
};

// Who the audit log names for a change made from the CLI, and the author of the updates it
// posts: "cli:<login>" ($USER, else "unknown"), passed to the service that makes the change.
std::string cli_actor();

}  // namespace pharos::cli
