// The pharos binary on PostgreSQL: every command and serve, store copy there and back, bad
// input (unreachable server, newer schema, passwords never shown), and kill -9 mid-writes.
// One throwaway server (tests/support/postgres.h) per binary, one database per test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "support/http_client.h"
#include "support/loopback_http.h"
#include "support/postgres.h"
#include "support/postgres_suite.h"
#include "support/process.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace pharos::testing {
namespace {

class PostgresTest : public PostgresSuite {
 protected:
  PostgresTest() : PostgresSuite("it_") {}

  void prepare() override { write_config(url_); }

  void write_config(const std::string& storage, const std::string& more = "") {
    std::ofstream(dir_.file("pharos.yaml"))
        << "page: { name: Acme }\nstorage: \"" << storage << "\"\n"
        << "components:\n  - { id: api, name: API }\n"
        << more;
  }

  std::int64_t count(const std::string& sql) { return std::atoll(query(sql).c_str()); }

  RunResult pharos(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), PHAROS_BINARY);
    return run_process(args, dir_.path().string(), input, 60);
  }

  std::string query(const std::string& sql) { return psql(server_->port(), db_, sql); }

  static std::string psql(int port, const std::string& db, const std::string& sql) {
    return run_process({"/usr/bin/psql", "-At", "-h", "127.0.0.1", "-p", std::to_string(port), "-U",
                        "postgres", "-d", db, "-c", sql},
                       "", "", 30)
        .out;
  }

  // A token with the write scope for a new admin "ann".
  std::string write_token() {
    EXPECT_EQ(pharos({"user", "add", "ann", "--role", "admin"}).exit_code, 0);
    auto token = pharos({"token", "create", "--user", "ann", "--scope", "write"});
    EXPECT_EQ(token.exit_code, 0);
    std::string bearer = token.out.substr(token.out.find("phr_"));
    return bearer.substr(0, bearer.find('\n'));
  }

  TempDir dir_;
};

// POST /api/manage/v1/incidents with `name`; the response (status 0 when the server is gone).
HttpResponse create_incident(int port, const std::string& bearer, const std::string& name) {
  std::string body = R"({"incident":{"name":")" + name + R"("}})";
  int fd = connect_local(port);
  if (fd < 0) return {};
  send_all(fd, "POST /api/manage/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                   bearer + "\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  auto r = read_response(fd, false, 15000);
  close(fd);
  return r;
}

TEST_F(PostgresTest, CommandsAndServeRunOnPostgres) {
  auto opened = pharos({"incident", "open", "-t", "API down", "-i", "major", "--component", "api",
                        "-m", "We are looking."});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_EQ(query("SELECT name FROM incidents"), "API down\n");
  auto added = pharos({"user", "add", "ann", "--role", "admin"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  // The CLI's changes are audited too (IncidentService audits, actor cli:<login>).
  EXPECT_EQ(query("SELECT action FROM audit_log ORDER BY seq"), "incident.create\nuser.add\n");
  // A user limited to the main page (migration 16), stored as the token pages are.
  auto reader = pharos({"user", "add", "rea", "--page", "main"});
  ASSERT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_EQ(query("SELECT pages FROM users WHERE name = 'rea'"), "-\n");
  EXPECT_NE(pharos({"user", "list"}).out.find("rea\tviewer"), std::string::npos);

  ServerProcess serve(dir_.path().string(), {});
  ASSERT_TRUE(serve.started()) << serve.output();
  auto page = request(serve.port(), "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("API down"), std::string::npos);
  auto api = request(serve.port(), "GET", "/api/v2/incidents/unresolved.json");
  EXPECT_NE(api.body.find("API down"), std::string::npos);
  // A change made by the CLI reaches the running server through the database.
  ASSERT_EQ(pharos({"component", "set-status", "api", "major_outage"}).exit_code, 0);
  bool seen = false;
  for (int i = 0; i < 50 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    seen = request(serve.port(), "GET", "/api/v2/components.json").body.find("major_outage") !=
           std::string::npos;
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(serve.stop(), 0);
}

TEST_F(PostgresTest, UnreachableDatabaseNamesHostAndPortAndLeavesNothing) {
  int port = free_loopback_port();
  write_config("postgres://pharos:hunter2@127.0.0.1:" + std::to_string(port) + "/pharos");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"component", "list"},
        std::vector<std::string>{"serve", "--listen", "127.0.0.1:0"}}) {
    auto r = pharos(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_NE(r.err.find("127.0.0.1"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(std::to_string(port)), std::string::npos) << r.err;
    EXPECT_EQ((r.out + r.err).find("hunter2"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("listening"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.file("pharos-data"))) << "nothing partial";
}

TEST_F(PostgresTest, PasswordsInTheUriAreNeverLogged) {
  ASSERT_TRUE(server_->run_sql("postgres", "ALTER USER postgres PASSWORD 's3cretpw'"));
  std::string with_password = url_;
  with_password.replace(with_password.find("postgres@"), 9, "postgres:s3cretpw@");
  write_config(with_password);
  auto listed = pharos({"--log-level", "debug", "component", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  ServerProcess serve(dir_.path().string(), {});
  ASSERT_TRUE(serve.started()) << serve.output();
  EXPECT_EQ(request(serve.port(), "GET", "/").status, 200);
  serve.stop();
  EXPECT_EQ((listed.out + listed.err + serve.output()).find("s3cretpw"), std::string::npos);
}

TEST_F(PostgresTest, ADatabaseOfANewerSchemaIsRefused) {
  ASSERT_EQ(pharos({"component", "list"}).exit_code, 0);
  query("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  auto r = pharos({"component", "list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("upgrade Pharos"), std::string::npos) << r.err;
}

// One table's rows as sorted text lines, for comparing two SQLite files.
std::vector<std::string> rows_of(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(
      db, ("SELECT * FROM " + table).c_str(),
      [](void* out, int n, char** values, char**) {
        std::string line;
        for (int i = 0; i < n; ++i) line += std::string(values[i] ? values[i] : "NULL") + "|";
        static_cast<std::vector<std::string>*>(out)->push_back(line);
        return 0;
      },
      &rows, nullptr);
  sqlite3_close(db);
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_F(PostgresTest, StoreCopyOfTheDemoThereAndBackIsEqual) {
  {
    ServerProcess demo(dir_.path().string(), {"--demo", "--data", "demo"});
    ASSERT_TRUE(demo.started()) << demo.output();
    demo.stop();
  }
  std::string source = dir_.file("demo/pharos.db");
  auto there = pharos({"store", "copy", "--from", "sqlite:" + source, "--to", url_});
  ASSERT_EQ(there.exit_code, 0) << there.err;
  EXPECT_NE(there.out.find("incidents\t"), std::string::npos) << there.out;
  auto again = pharos({"store", "copy", "--from", "sqlite:" + source, "--to", url_});
  EXPECT_EQ(again.exit_code, 1) << "a non-empty target is refused";
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  ASSERT_EQ(
      pharos({"store", "copy", "--from", "sqlite:" + source, "--to", url_, "--force"}).exit_code,
      0);
  auto back = pharos({"store", "copy", "--from", url_, "--to", "sqlite:" + dir_.file("back.db")});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(there.out.substr(0, there.out.rfind("copied")),
            back.out.substr(0, back.out.rfind("copied")))
      << "the same counts both ways";
  for (const char* table :
       {"page", "components", "component_status_log", "incidents", "incident_updates",
        "update_component_changes", "outbox_events", "check_results", "check_rollups"}) {
    EXPECT_EQ(rows_of(source, table), rows_of(dir_.file("back.db"), table)) << table;
  }
  // Ids continue after the copied ones on PostgreSQL.
  write_config(url_);
  ASSERT_EQ(pharos({"component", "set-status", "api", "major_outage"}).exit_code, 0);
}

TEST_F(PostgresTest, KillNineMidWritesLosesNoAcknowledgedWrite) {
  std::string bearer = write_token();
  ServerProcess serve(dir_.path().string(), {});
  ASSERT_TRUE(serve.started()) << serve.output();
  std::vector<std::string> acknowledged;  // written by the writer thread only until joined
  std::atomic<int> count{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int n = 0; n < 2000 && !stop; ++n) {
      auto r = create_incident(serve.port(), bearer, "write " + std::to_string(n));
      if (r.status == 201 || r.status == 200) {
        acknowledged.push_back("write " + std::to_string(n));
        ++count;
      }
      if (r.status == 0) break;
    }
  });
  // Killed mid-writes: after some were acknowledged, while more are in flight.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (count < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(serve.pid(), SIGKILL), 0);
  stop = true;
  writer.join();
  ASSERT_GE(acknowledged.size(), 20u);
  std::string stored = query("SELECT name FROM incidents");
  for (const auto& name : acknowledged)
    EXPECT_NE(stored.find(name + "\n"), std::string::npos) << name;
}

// A TCP port that accepts connections (the kernel completes them from the backlog): a monitor
// target that stays up.
class Listener {
 public:
  Listener() { fd_ = testing::listen_local(1024, &port_); }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(PostgresTest, ThePageSurvivesTheDatabaseAndResultsAreWrittenAfter) {
  Listener target;
  std::string bearer = write_token();
  write_config(url_,
               "monitors:\n  - { name: port, component: api, kind: tcp, target: \"127.0.0.1:" +
                   std::to_string(target.port()) + "\", interval: 500ms, timeout: 1s }\n");
  ServerProcess serve(dir_.path().string(), {});
  ASSERT_TRUE(serve.started()) << serve.output();
  for (int i = 0; i < 100 && count("SELECT COUNT(*) FROM check_results") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(count("SELECT COUNT(*) FROM check_results"), 0);
  std::int64_t stopped_at = count("SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)");
  ASSERT_TRUE(server_->stop());
  // 30 s without the database: every page answer comes from the snapshot.
  int pages = 0, ok = 0;
  std::string ready;
  for (int s = 0; s < 30; ++s) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    for (const char* path : {"/", "/api/v2/summary.json", "/history"}) {
      ++pages;
      ok += request(serve.port(), "GET", path).status == 200;
    }
    if (s == 5) ready = request(serve.port(), "GET", "/readyz").body;
    if (s == 6) {
      // A write is refused at once with 503, never left hanging.
      auto started = std::chrono::steady_clock::now();
      EXPECT_EQ(create_incident(serve.port(), bearer, "during the outage").status, 503);
      EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(6));
    }
  }
  EXPECT_EQ(ok, pages);
  EXPECT_NE(ready.find("degraded"), std::string::npos) << ready;
  EXPECT_EQ(ready.find("127.0.0.1"), std::string::npos) << "no address on a public endpoint";
  ASSERT_TRUE(server_->restart());
  // The results taken meanwhile, held in memory, reach the database once it is back.
  std::string outage = "SELECT COUNT(*) FROM check_results WHERE at BETWEEN " +
                       std::to_string(stopped_at + 2'000) + " AND " +
                       std::to_string(stopped_at + 28'000);
  for (int i = 0; i < 150 && count(outage) < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(count(outage), 40) << "two checks a second for 26 s, stored after the outage";
  // Reconnecting waits out the backoff (at most 5 s) on each store.
  // On PostgreSQL /readyz goes on to list the nodes (docs/scale-out.md): its first line counts.
  std::string again;
  auto first_line = [&] { return again.substr(0, again.find('\n') + 1); };
  for (int i = 0; i < 100 && first_line() != "ready\n"; ++i) {
    again = request(serve.port(), "GET", "/readyz").body;
    if (first_line() != "ready\n") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(first_line(), "ready\n") << again;
  auto metrics = request(serve.port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("pharos_results_dropped_total 0"), std::string::npos);
  EXPECT_EQ(serve.stop(), 0);
}

// Primary → promoted standby: a primary with a synchronous streaming standby, Pharos given both
// hosts with target_session_attrs=read-write, writes acknowledged until the primary crashes,
// the standby promoted: writes resume, and every acknowledged one is on the new primary.
TEST_F(PostgresTest, FailoverToAPromotedSynchronousStandbyLosesNoAcknowledgedWrite) {
  std::string why;
  auto primary = PostgresServer::start(&why);
  ASSERT_TRUE(primary) << why;
  primary->create_database("pharos");
  auto standby = PostgresServer::standby_of(*primary, "standby1", &why);
  ASSERT_TRUE(standby) << why;
  ASSERT_TRUE(primary->run_sql("postgres",
                               "ALTER SYSTEM SET synchronous_standby_names = "
                               "'standby1'"));
  ASSERT_TRUE(primary->run_sql("postgres", "SELECT pg_reload_conf()"));
  std::string sync;
  for (int i = 0; i < 100 && sync != "sync\n"; ++i) {
    sync = psql(primary->port(), "postgres", "SELECT sync_state FROM pg_stat_replication");
    if (sync != "sync\n") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(sync, "sync\n") << "the standby confirms every commit";
  write_config("postgres://postgres@127.0.0.1:" + std::to_string(primary->port()) +
               ",127.0.0.1:" + std::to_string(standby->port()) +
               "/pharos?target_session_attrs=read-write&connect_timeout=2");
  std::string bearer = write_token();
  ServerProcess serve(dir_.path().string(), {});
  ASSERT_TRUE(serve.started()) << serve.output();

  std::vector<std::string> acknowledged;  // the writer's until joined
  std::atomic<int> count{0};
  std::atomic<int> after_failover{0};
  std::atomic<bool> promoted{false};
  std::thread writer([&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    for (int n = 0; after_failover < 20 && std::chrono::steady_clock::now() < deadline; ++n) {
      std::string name = "write " + std::to_string(n);
      auto r = create_incident(serve.port(), bearer, name);
      if (r.status == 201 || r.status == 200) {
        acknowledged.push_back(name);
        ++count;
        if (promoted) ++after_failover;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (count < 20 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(primary->crash());
  ASSERT_TRUE(standby->promote());
  promoted = true;
  writer.join();
  EXPECT_GE(after_failover, 20) << "writes resume on the promoted standby";
  std::string stored = psql(standby->port(), "pharos", "SELECT name FROM incidents");
  for (const auto& name : acknowledged) {
    EXPECT_NE(stored.find(name + "\n"), std::string::npos) << name << " was acknowledged";
  }
  EXPECT_EQ(serve.stop(), 0);
}

}  // namespace
}  // namespace pharos::testing
