#include "support/server_process.h"

namespace pharos::testing {
namespace {

std::vector<std::string> serve_argv(std::vector<std::string> args,
                                    const std::vector<std::string>& serve_args) {
  std::vector<std::string> argv = {PHAROS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--log-level", "warn", "serve", "--listen", "127.0.0.1:0"});
  argv.insert(argv.end(), serve_args.begin(), serve_args.end());
  return argv;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& cwd, std::vector<std::string> args,
                             std::vector<std::string> serve_args)
    : child_(serve_argv(std::move(args), serve_args), cwd) {
  const std::string marker = "listening on http://127.0.0.1:";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!child_.stdout_closed() && std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    std::string line = child_.read_line(left);
    if (line.empty()) continue;
    output_ += line + "\n";
    if (auto at = line.find(marker); at != std::string::npos) {
      port_ = std::stoi(line.substr(at + marker.size()));
      break;
    }
  }
}

int ServerProcess::stop(int timeout_ms) {
  return child_.stop(SIGTERM, std::chrono::milliseconds(timeout_ms));
}

ServerProcess::~ServerProcess() { stop(); }

}  // namespace pharos::testing
