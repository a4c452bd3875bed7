#pragma once
// A throwaway PostgreSQL server for tests: initdb into a temporary directory (as the `postgres`
// user when the tests run as root, as CI does), pg_ctl on a free loopback port with its socket in
// that directory, stopped and removed when the object dies. Needs the server binaries
// (Debian's `postgresql` package, installed by scripts/setup.sh --test); nothing needs a running
// system PostgreSQL.
#include <memory>
#include <string>
#include <vector>

namespace pharos::testing {

class PostgresServer {
 public:
  // The directory holding initdb/pg_ctl (/usr/lib/postgresql/<version>/bin), or "" when the
  // server binaries are not installed.
  static std::string bin_dir();
  // Starts a new server; nullptr with `why` set when it cannot. First stops and removes the
  // servers of test processes that died without doing so (killed mid-run): each server's
  // directory records the process that made it.
  static std::unique_ptr<PostgresServer> start(std::string* why);
  // A streaming replica of `primary` (pg_basebackup -R), started on its own port, connecting as
  // application_name `name` (for synchronous_standby_names); nullptr with `why` set on failure.
  static std::unique_ptr<PostgresServer> standby_of(const PostgresServer& primary,
                                                    const std::string& name, std::string* why);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // Creates an empty database and returns its URI (postgres://postgres@127.0.0.1:PORT/NAME).
  std::string create_database(const std::string& name);
  // Runs SQL in database `name` as the superuser; returns false (and fills `error`) on failure.
  bool run_sql(const std::string& name, const std::string& sql, std::string* error = nullptr);
  // The URI of database `name`.
  std::string url(const std::string& name) const;

  // pg_ctl stop (fast) / start again on the same port and data directory.
  bool stop();
  bool restart();
  // Crash-like stop: pg_ctl stop -m immediate (no checkpoint, clients cut off).
  bool crash();
  // pg_ctl promote: a standby becomes a primary.
  bool promote();
  // The server process's id (from postmaster.pid), 0 when not running.
  int pid() const;

 private:
  PostgresServer(std::string bin, std::string dir, int port)
      : bin_(std::move(bin)), dir_(std::move(dir)), port_(port) {}
  // A server in a new temporary directory whose data directory `make_data` (a server binary and
  // its arguments, "-D <dir>" added) creates, then started.
  static std::unique_ptr<PostgresServer> create(const std::string& bin,
                                                const std::vector<std::string>& make_data,
                                                std::string* why);
  // Stops and removes /tmp/pharos-pg-* servers whose maker is gone.
  static void sweep_abandoned(const std::string& bin);
  // Runs a server binary as the postgres user when root; returns its exit code, output in `out`.
  int run(const std::vector<std::string>& args, std::string* out) const;

  std::string bin_;
  std::string dir_;
  int port_;
};

}  // namespace pharos::testing
