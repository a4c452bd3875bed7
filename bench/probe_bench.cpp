// The probing half of bench/probe_bench.sh: runs the real Monitoring service with N http monitors
// against one URL for a while and prints what it measured as one JSON line:
//   {"monitors","seconds","checks","down","cpu_seconds","checks_per_cpu_second","rss_kib",
//    "lateness_p50_ms","lateness_p99_ms","skipped","server_cpu_seconds"}
// checks_per_cpu_second counts successful checks only. CPU time is this process's user+system time
// during the measured window (after a warm-up of one interval), so start-up is not counted. Results
// are stored in SQLite in a temp dir (or the database a storage URL names), batched as in
// production. Not a test: it asserts nothing.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/log.h"
#include "cpu_time.h"
#include "monitor/monitoring.h"

namespace {

// CPU seconds of process `pid`, its children now alive and those it reaped (a database server
// and its backends), from /proc; 0 when pid is 0.
double tree_cpu_seconds(long pid) {
  if (pid <= 0) return 0;
  double ticks = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    std::vector<std::string> f;
    while (rest >> field) f.push_back(field);
    if (f.size() < 13) continue;
    long self = std::atol(entry.path().filename().c_str());
    if (self != pid && std::atol(f[1].c_str()) != pid) continue;
    ticks += std::atof(f[11].c_str()) + std::atof(f[12].c_str());  // utime, stime
    // The server's cutime/cstime: backends that exited and were reaped meanwhile.
    if (self == pid) ticks += std::atof(f[13].c_str()) + std::atof(f[14].c_str());
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pharos;
  if (argc < 6) {
    std::fprintf(stderr,
                 "usage: probe_bench URL MONITORS INTERVAL_MS SECONDS DB_PATH|STORAGE_URL\n");
    return 2;
  }
  std::string url = argv[1];
  int monitors = std::atoi(argv[2]);
  Millis interval(std::atoll(argv[3]));
  int seconds = std::atoi(argv[4]);
  log::set_level(log::Level::kWarn);
  std::vector<MonitorSpec> specs;
  specs.reserve(static_cast<std::size_t>(monitors));
  for (int i = 0; i < monitors; ++i) {
    MonitorSpec s;
    s.name = "m" + std::to_string(i);
    s.component = "c" + std::to_string(i % 50);
    s.url = url;
    s.interval = interval;
    s.timeout = std::chrono::seconds(5);
    specs.push_back(std::move(s));
  }
  // A path is an SQLite file; bench/store_bench.sh passes postgres://… URLs as they are.
  std::string storage = argv[5];
  if (storage.rfind("postgres", 0) != 0 && storage.rfind("sqlite:", 0) != 0) {
    storage = "sqlite:" + storage;
  }
  auto store = open_results_store(storage);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  monitor::Monitoring m(std::move(specs), store->get(), SystemClock::instance());
  if (auto r = m.start(); !r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    return 1;
  }
  std::this_thread::sleep_for(interval);  // warm-up: every monitor has had its first slot
  // PHAROS_BENCH_SERVER_PID: a database server whose CPU (its own and its backends') is measured
  // over the same window (bench/store_bench.sh).
  const char* server_env = std::getenv("PHAROS_BENCH_SERVER_PID");
  long server = server_env ? std::atol(server_env) : 0;
  double server0 = tree_cpu_seconds(server);
  double cpu0 = process_cpu_seconds();
  auto checks0 = m.checks_completed();
  auto down0 = m.checks_down();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  double cpu = process_cpu_seconds() - cpu0;
  double server_cpu = tree_cpu_seconds(server) - server0;
  auto checks = m.checks_completed() - checks0;
  auto down = m.checks_down() - down0;
  long rss = rss_kib();
  auto lateness = m.lateness();
  std::int64_t skipped = m.slots_skipped();
  m.stop();
  std::printf(
      "{\"monitors\":%d,\"seconds\":%d,\"checks\":%lld,\"down\":%lld,\"cpu_seconds\":%.3f,"
      "\"checks_per_cpu_second\":%.0f,\"rss_kib\":%ld,\"lateness_p50_ms\":%lld,"
      "\"lateness_p99_ms\":%lld,\"skipped\":%lld,\"server_cpu_seconds\":%.3f}\n",
      monitors, seconds, static_cast<long long>(checks), static_cast<long long>(down), cpu,
      cpu > 0 ? static_cast<double>(checks - down) / cpu : 0.0, rss,
      static_cast<long long>(lateness.quantile_ms(0.5).value_or(0)),
      static_cast<long long>(lateness.quantile_ms(0.99).value_or(0)),
      static_cast<long long>(skipped), server_cpu);
  return 0;
}
