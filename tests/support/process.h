#pragma once
// Child processes for tests, one fork/exec for all: run_process runs a program to completion (CLI
// tests); ChildProcess keeps one running in the background (servers, peers, workers).
#include <signal.h>
#include <sys/types.h>

#include <chrono>
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

// A background child process: stdout on a pipe (read_line; peers print their port first), stdin
// on a pipe when `pipe_stdin` (peers that exit when it closes) or else inherited. The destructor
// closes stdin, kills (SIGKILL) a child still running and reaps it; every wait is bounded.
class ChildProcess {
 public:
  // Starts `argv` (argv[0] is a path) in `cwd` ("" = the current directory). Check running().
  explicit ChildProcess(const std::vector<std::string>& argv, const std::string& cwd = "",
                        bool pipe_stdin = false);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // The next line of stdout, waiting at most `timeout`; "" on timeout or EOF.
  std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True once stdout reached its end (the child closed it or exited).
  bool stdout_closed() const { return out_eof_; }
  // Closes the child's stdin (a no-op without pipe_stdin or when already closed).
  void close_stdin();
  // Sends `sig` and reaps the child, waiting at most `timeout` before SIGKILL. Returns its exit
  // code, or -1 when it did not exit normally (killed, or not running).
  int stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits at most `timeout` for the child to exit by itself (then kills it). Returns its exit
  // code, or -1 when it had to be killed or did not exit normally.
  int wait_exit(std::chrono::milliseconds timeout);

 private:
  // Reaps the child when it has exited; true (and `exit_code` set) when it has.
  bool reaped(int* exit_code);

  pid_t pid_ = -1;
  int out_ = -1;
  int in_ = -1;
  bool out_eof_ = false;
};

}  // namespace pharos::testing
