#include "mock_vendor.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <vector>

namespace pharos::testing {
namespace {

// Reads one line from `fd`, waiting at most 10 s in total.
std::string read_line(int fd) {
  std::string line;
  for (int waited = 0; waited < 100;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      ++waited;
      continue;
    }
    char c;
    if (read(fd, &c, 1) != 1 || c == '\n') break;
    line += c;
  }
  return line;
}

}  // namespace

MockVendor::MockVendor() {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) {
    error_ = "pipe failed";
    return;
  }
  std::string source = PHAROS_SOURCE_DIR;
  std::vector<std::string> args = {
      "/usr/bin/python3", source + "/tests/integration/vendor_status/mock_vendor.py",
      "--fixtures",       source + "/tests/fixtures/vendor_status/statuspage",
      "--lifetime",       "300"};
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[1]);
    close(out[0]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  stdin_fd_ = in[1];
  std::string line = read_line(out[0]);
  close(out[0]);
  boost::system::error_code ec;
  auto ready = boost::json::parse(line, ec);
  if (ec || !ready.is_object()) {
    error_ = "mock vendor did not start: '" + line + "'";
    return;
  }
  port_ = static_cast<int>(ready.at("port").to_number<std::int64_t>());
}

MockVendor::~MockVendor() {
  if (stdin_fd_ >= 0) close(stdin_fd_);  // the server exits when its stdin closes
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

}  // namespace pharos::testing
