#include "support/python_peer.h"

#include "support/json_lines.h"

namespace pharos::testing {
namespace {

std::vector<std::string> python_argv(const std::string& script,
                                     const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(PHAROS_SOURCE_DIR) + "/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

PythonPeer::PythonPeer(const std::string& name, const std::string& script,
                       const std::vector<std::string>& args)
    : server_(python_argv(script, args), "", /*pipe_stdin=*/true) {
  std::string line = server_.read_line();
  auto ready = json_object(line);
  if (!ready) {
    error_ = name + " did not start: '" + line + "'";
    return;
  }
  for (const auto& [key, value] : *ready) {
    if (value.is_int64()) ports_[std::string(key)] = static_cast<int>(value.as_int64());
  }
}

PythonPeer::~PythonPeer() {
  server_.close_stdin();  // the server exits when its stdin closes
  server_.stop(SIGTERM);
}

int PythonPeer::port(const std::string& key) const {
  auto it = ports_.find(key);
  return it == ports_.end() ? 0 : it->second;
}

}  // namespace pharos::testing
