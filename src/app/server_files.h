#pragma once
// The files `pharos serve` keeps in its data directory for `pharos config reload`:
//   pharos.pid     the server's process id, written once it listens and can take SIGHUP, removed
//                  on a clean exit (a file left by a crash is detected as stale: no such process,
//                  or one that is not pharos);
//   pharos.reload  the outcome of the last reload (generation, result, time, summary, errors),
//                  replaced atomically after each one, so the CLI can wait for and print it.
// Why a pid file and a signal rather than an HTTP endpoint: the people who may reload are the
// ones who may edit pharos.yaml on this host, which is what the pid file's permissions and
// kill(2)'s rules already say; an endpoint would need its own credential and would expose a
// control surface on the network (nginx -s reload and Prometheus's SIGHUP work the same way).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace pharos {

std::string pid_file_path(const std::string& data_dir);
std::string reload_file_path(const std::string& data_dir);

// Writes this process's id to the pid file (creating the data directory if needed). A file left
// by a live pharos is replaced with a warning: that server keeps running but no longer receives
// `pharos config reload`.
Result<void> write_pid_file(const std::string& data_dir);
// Removes the pid file when it still names this process.
void remove_pid_file(const std::string& data_dir);
// The id of the pharos server running with this data directory. kNotFound with the reason when
// there is none: no pid file, or a stale one (the process is gone, or is not pharos).
Result<int> running_server(const std::string& data_dir);

struct ReloadRecord {
  std::uint64_t generation = 0;  // 1 for the first reload since the server started
  bool ok = false;
  Instant at{};
  std::string summary;              // what changed, or why it was refused
  std::vector<std::string> errors;  // the refused file's diagnostics
};

// Replaces the reload file with `record` (write to a temporary file, then rename).
Result<void> write_reload_record(const std::string& data_dir, const ReloadRecord& record);
// The last record; nullopt when there is none (no reload since the server started).
std::optional<ReloadRecord> read_reload_record(const std::string& data_dir);

}  // namespace pharos
