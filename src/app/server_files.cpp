#include "app/server_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/log.h"

namespace pharos {
namespace {

namespace fs = std::filesystem;

std::optional<int> read_pid(const std::string& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0 || pid > 0x3fffffff) return std::nullopt;
  return static_cast<int>(pid);
}

// The process's command name (/proc/PID/comm), empty when it does not exist.
std::string command_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

bool is_live_pharos(int pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  return command_of(pid) == "pharos";
}

// Writes `text` to `path` through a temporary file and a rename: a reader sees the old or the
// new content, never half of one.
Result<void> replace_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Error::unavailable("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error::unavailable("cannot write " + path + ": " + ec.message());
  return Ok();
}

}  // namespace

std::string pid_file_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "pharos.pid").string();
}

std::string reload_file_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "pharos.reload").string();
}

Result<void> write_pid_file(const std::string& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  std::string path = pid_file_path(data_dir);
  if (auto other = read_pid(path); other && *other != getpid() && is_live_pharos(*other)) {
    log::warn("pid_file.replaced", {log::kv("path", path), log::kv("previous_pid", *other),
                                    log::kv("note",
                                            "another pharos serve uses this data directory; "
                                            "`pharos config reload` now reaches this one")});
  }
  // A reload file from an earlier run would tell the CLI about a reload this server never did.
  fs::remove(reload_file_path(data_dir), ec);
  return replace_file(path, std::to_string(getpid()) + "\n");
}

void remove_pid_file(const std::string& data_dir) {
  std::string path = pid_file_path(data_dir);
  if (read_pid(path) != std::optional<int>(getpid())) return;
  std::error_code ec;
  fs::remove(path, ec);
}

Result<int> running_server(const std::string& data_dir) {
  std::string path = pid_file_path(data_dir);
  if (!fs::exists(path)) {
    return Error::not_found("no pharos server is running with data directory " + data_dir +
                            " (no " + path + ")");
  }
  auto pid = read_pid(path);
  if (!pid) return Error::not_found(path + " does not hold a process id");
  if (!is_live_pharos(*pid)) {
    return Error::not_found("no pharos server is running with data directory " + data_dir + ": " +
                            path + " is stale (process " + std::to_string(*pid) +
                            " is gone or is not pharos)");
  }
  return *pid;
}

Result<void> write_reload_record(const std::string& data_dir, const ReloadRecord& record) {
  std::ostringstream out;
  out << "generation " << record.generation << "\n"
      << "result " << (record.ok ? "ok" : "error") << "\n"
      << "at " << format_iso_utc(record.at) << "\n"
      << "summary " << record.summary << "\n";
  for (const auto& e : record.errors) out << "error " << e << "\n";
  return replace_file(reload_file_path(data_dir), out.str());
}

std::optional<ReloadRecord> read_reload_record(const std::string& data_dir) {
  std::ifstream in(reload_file_path(data_dir));
  if (!in) return std::nullopt;
  ReloadRecord r;
  bool seen = false;
  std::string line;
  while (std::getline(in, line)) {
    auto space = line.find(' ');
    std::string key = line.substr(0, space);
    std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "generation") {
      r.generation = std::strtoull(value.c_str(), nullptr, 10);
      seen = true;
    } else if (key == "result") {
      r.ok = value == "ok";
    } else if (key == "summary") {
      r.summary = value;
    } else if (key == "error") {
      r.errors.push_back(value);
    }
  }
  if (!seen) return std::nullopt;
  return r;
}

}  // namespace pharos
