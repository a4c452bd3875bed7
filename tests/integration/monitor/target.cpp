#include "target.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>

#include <vector>

#include "support/process.h"

namespace pharos::testing {
namespace {

// Reads one line from `fd`, waiting at most 10 s in total.
std::string read_line(int fd) {
  std::string line;
  for (int waited = 0; waited < 100;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) { ++waited; continue; }
    char c;
    if (read(fd, &c, 1) != 1) break;
    if (c == '\n') break;
    line += c;
  }
  return line;
}

}  // namespace

Target::Target() {
  auto cert = run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", dir_.file("key.pem"), "-out", dir_.file("cert.pem"),
                           "-days", "3", "-subj", "/CN=localhost", "-addext",
                           "subjectAltName=DNS:localhost,IP:127.0.0.1"},
                          dir_.path().string(), "", 30);
  if (cert.exit_code != 0) { error_ = "openssl failed: " + cert.err; return; }
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) { error_ = "pipe failed"; return; }
  std::string script = std::string(PHAROS_SOURCE_DIR) + "/tests/integration/monitor/target_server.py";
  std::vector<std::string> args = {"/usr/bin/python3", script, "--node", "127.0.0.2", "--node",
                                   "127.0.0.3", "--sick-node", "127.0.0.3", "--cert",
                                   dir_.file("cert.pem"), "--key", dir_.file("key.pem"),
                                   "--lifetime", "300"};
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
  auto ports = boost::json::parse(line, ec);
  if (ec || !ports.is_object()) { error_ = "target did not start: '" + line + "'"; return; }
  http_port_ = static_cast<int>(ports.at("http").to_number<std::int64_t>());
  https_port_ = static_cast<int>(ports.at("https").to_number<std::int64_t>());
}

Target::~Target() {
  if (stdin_fd_ >= 0) close(stdin_fd_);  // the server exits when its stdin closes
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
}

}  // namespace pharos::testing
