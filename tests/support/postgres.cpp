#include "support/postgres.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <vector>

#include "support/loopback_http.h"
#include "support/process.h"

namespace pharos::testing {
namespace {

namespace fs = std::filesystem;

bool running_as_root() { return geteuid() == 0; }

// Hands the tree to the postgres user: initdb and the server refuse to run as root.
bool give_to_postgres(const std::string& path) {
  if (!running_as_root()) return true;
  passwd* pw = getpwnam("postgres");
  if (!pw) return false;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (chown(entry.path().c_str(), pw->pw_uid, pw->pw_gid) != 0) return false;
  }
  return chown(path.c_str(), pw->pw_uid, pw->pw_gid) == 0;
}

// Whether the process that made a server directory (its owner.pid) is gone. Directories from
// before owner.pid are judged by age: left alone for a day, in case their test still runs.
bool abandoned(const fs::path& dir) {
  std::ifstream in(dir / "owner.pid");
  int pid = 0;
  if (in >> pid && pid > 0) return kill(pid, 0) != 0 && errno == ESRCH;
  std::error_code ec;
  auto age = fs::file_time_type::clock::now() - fs::last_write_time(dir, ec);
  return !ec && age > std::chrono::hours(24);
}

}  // namespace

void PostgresServer::sweep_abandoned(const std::string& bin) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    const fs::path& dir = entry.path();
    if (dir.filename().string().rfind("pharos-pg-", 0) != 0 || !abandoned(dir)) continue;
    if (fs::exists(dir / "data" / "postmaster.pid")) {
      PostgresServer stale(bin, dir.string(), 0);
      stale.run({"pg_ctl", "-D", dir.string() + "/data", "-m", "immediate", "-w", "stop"}, nullptr);
      stale.dir_.clear();  // removed below, not by its destructor
    }
    fs::remove_all(dir, ec);
  }
}

std::string PostgresServer::bin_dir() {
  std::string best;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path bin = entry.path() / "bin";
    if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && bin.string() > best) {
      best = bin.string();
    }
  }
  return best;
}

int PostgresServer::run(const std::vector<std::string>& args, std::string* out) const {
  std::vector<std::string> argv;
  if (running_as_root()) argv = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  argv.push_back(bin_ + "/" + args[0]);
  argv.insert(argv.end(), args.begin() + 1, args.end());
  RunResult r = run_process(argv, dir_, "", 60);
  if (out) *out = r.out + r.err;
  return r.exit_code;
}

std::unique_ptr<PostgresServer> PostgresServer::create(const std::string& bin,
                                                       const std::vector<std::string>& make_data,
                                                       std::string* why) {
  std::string pattern = (fs::temp_directory_path() / "pharos-pg-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    *why = "cannot create a temporary directory";
    return nullptr;
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer(bin, pattern, free_loopback_port()));
  // Who made it: a later run sweeps it when this process died without stopping its server.
  std::ofstream(pattern + "/owner.pid") << getpid() << "\n";
  if (!give_to_postgres(pattern)) {
    *why = "cannot give " + pattern + " to the postgres user";
    return nullptr;
  }
  std::vector<std::string> args = make_data;
  args.insert(args.begin() + 1, {"-D", pattern + "/data"});
  std::string out;
  if (server->run(args, &out) != 0) {
    *why = make_data[0] + " failed: " + out;
    return nullptr;
  }
  if (!server->restart()) {
    *why = "pg_ctl start failed; see " + pattern + "/server.log";
    return nullptr;
  }
  return server;
}

std::unique_ptr<PostgresServer> PostgresServer::start(std::string* why) {
  std::string bin = bin_dir();
  if (bin.empty()) {
    *why =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
        "(install the postgresql package: scripts/setup.sh --test)";
    return nullptr;
  }
  sweep_abandoned(bin);
  return create(
      bin, {"initdb", "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"},
      why);
}

bool PostgresServer::restart() {
  // fsync off: these servers live for one test run; a killed process still leaves its writes in
  // the page cache, so kill -9 tests keep their meaning.
  std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                        " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
  return run({"pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-t", "60", "-o",
              options, "start"},
             nullptr) == 0;
}

std::unique_ptr<PostgresServer> PostgresServer::standby_of(const PostgresServer& primary,
                                                           const std::string& name,
                                                           std::string* why) {
  std::string conninfo = "host=127.0.0.1 port=" + std::to_string(primary.port_) +
                         " user=postgres application_name=" + name;
  return create(
      primary.bin_,
      {"pg_basebackup", "-d", conninfo, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"},
      why);
}

bool PostgresServer::crash() {
  return run({"pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, nullptr) == 0;
}

bool PostgresServer::promote() {
  return run({"pg_ctl", "-D", dir_ + "/data", "-w", "promote"}, nullptr) == 0;
}

bool PostgresServer::stop() {
  return run({"pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}, nullptr) == 0;
}

int PostgresServer::pid() const {
  std::ifstream in(dir_ + "/data/postmaster.pid");
  int pid = 0;
  in >> pid;
  return pid;
}

PostgresServer::~PostgresServer() {
  if (dir_.empty()) return;
  run({"pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, nullptr);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PostgresServer::url(const std::string& name) const {
  return "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

bool PostgresServer::run_sql(const std::string& name, const std::string& sql, std::string* error) {
  PGconn* conn = PQconnectdb(url(name).c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (ok) {
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType status = PQresultStatus(res);
    ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && error) *error = PQresultErrorMessage(res);
    PQclear(res);
  } else if (error) {
    *error = PQerrorMessage(conn);
  }
  PQfinish(conn);
  return ok;
}

std::string PostgresServer::create_database(const std::string& name) {
  run_sql("postgres", "DROP DATABASE IF EXISTS " + name);
  run_sql("postgres", "CREATE DATABASE " + name);
  return url(name);
}

}  // namespace pharos::testing
