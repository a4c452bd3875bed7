#pragma once
// Starts `pharos … serve --listen 127.0.0.1:0` in the background and reads the bound port from
// its "listening on http://127.0.0.1:PORT" line. Stops it with SIGTERM (SIGKILL after a bound
// wait).
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "support/process.h"

namespace pharos::testing {

class ServerProcess {
 public:
  // `args` go between the binary and "serve" (e.g. --config, --demo); `serve_args` after it.
  ServerProcess(const std::string& cwd, std::vector<std::string> args,
                std::vector<std::string> serve_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return child_.pid(); }
  // What the server printed on stdout up to its "listening on" line.
  const std::string& output() const { return output_; }
  // Sends SIGTERM and waits up to `timeout_ms`; returns the exit code, or -1 if it had to be
  // killed.
  int stop(int timeout_ms = 5000);

 private:
  ChildProcess child_;
  int port_ = 0;
  std::string output_;
};

}  // namespace pharos::testing
