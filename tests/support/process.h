#pragma once
// Runs a program to completion and captures its exit code, stdout and stderr (for CLI tests).
#include <string>
#include <vector>

namespace pharos::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) in directory `cwd`, feeding `input` on stdin.
// Gives up after `timeout_seconds`, killing the child (exit_code -1).
RunResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                      const std::string& input = "", int timeout_seconds = 60);

}  // namespace pharos::testing
