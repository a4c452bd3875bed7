#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace pharos::testing {
namespace {

using Steady = std::chrono::steady_clock;

// In the child after fork: `argv` in `cwd` with the given descriptors as stdin/stdout/stderr
// (-1 keeps the parent's); never returns.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& cwd, int in,
                             int out, int err) {
  if (in >= 0) dup2(in, 0);
  if (out >= 0) dup2(out, 1);
  if (err >= 0) dup2(err, 2);
  // Nothing of the parent's but stdio reaches the program (pipe ends included).
  for (int fd = 3; fd < 1024; ++fd) close(fd);
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

RunResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                      const std::string& input, int timeout_seconds) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) exec_child(argv, cwd, in[0], out[1], err[1]);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (!input.empty()) {
    ssize_t ignored = write(in[1], input.data(), input.size());
    (void)ignored;
  }
  close(in[1]);
  RunResult result;
  auto deadline = Steady::now() + std::chrono::seconds(timeout_seconds);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0 && Steady::now() < deadline) {
    if (poll(fds, 2, 200) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  if (open_fds > 0) {
    kill(pid, SIGKILL);
    for (auto& f : fds)
      if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = open_fds > 0 ? -1 : exit_code_of(status);
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& cwd,
                           bool pipe_stdin) {
  int out[2];
  int in[2] = {-1, -1};
  if (pipe(out) != 0) return;
  if (pipe_stdin && pipe(in) != 0) {
    close(out[0]);
    close(out[1]);
    return;
  }
  pid_ = fork();
  if (pid_ == 0) exec_child(argv, cwd, in[0], out[1], -1);
  close(out[1]);
  out_ = out[0];
  if (pipe_stdin) {
    close(in[0]);
    in_ = in[1];
  }
}

ChildProcess::~ChildProcess() {
  close_stdin();
  stop(SIGKILL);
  if (out_ >= 0) close(out_);
}

std::string ChildProcess::read_line(std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = Steady::now() + timeout;
  while (out_ >= 0 && !out_eof_ && Steady::now() < deadline) {
    pollfd fd{out_, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char c;
    if (read(out_, &c, 1) != 1) {
      out_eof_ = true;
      break;
    }
    if (c == '\n') return line;
    line += c;
  }
  return {};
}

void ChildProcess::close_stdin() {
  if (in_ >= 0) close(in_);
  in_ = -1;
}

bool ChildProcess::reaped(int* exit_code) {
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = -1;
  *exit_code = exit_code_of(status);
  return true;
}

int ChildProcess::stop(int sig, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int code = -1;
  auto deadline = Steady::now() + timeout;
  while (!reaped(&code)) {
    if (Steady::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return code;
}

int ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  int code = -1;
  auto deadline = Steady::now() + timeout;
  while (!reaped(&code)) {
    if (Steady::now() > deadline) {
      stop(SIGKILL);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return code;
}

}  // namespace pharos::testing
