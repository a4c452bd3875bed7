// pharos config validate [FILE]
// pharos config reload
#include <signal.h>

#include <cerrno>
#include <cstring>

#include <chrono>
#include <iostream>
#include <thread>

#include "app/environment.h"
#include "app/server_files.h"
#include "cli/commands.h"
#include "config/config.h"

namespace pharos::cli {

void add_config_commands(CLI::App& app, Context& ctx) {
  auto* config = app.add_subcommand("config", "Work with pharos.yaml");
  config->require_subcommand(1);
  auto* validate = config->add_subcommand(
      "validate",
      "Check a config file; print every error with file:line:column and exit 2 when "
      "there are any");
  static std::string file;
  validate->add_option("FILE", file,
                       "The config file (default: the one the other commands read: --config, "
                       "else ./pharos.yaml)");
  validate->callback([&ctx] {
    // Without FILE: exactly what `serve` and the other commands would load.
    std::string source = file.empty() ? config_source(ctx.options) : file;
    LoadedConfig loaded = file.empty() ? resolve_config(ctx.options) : load_config_file(file);
    if (!loaded.ok()) {
      std::cerr << loaded.describe();
      std::cerr << loaded.errors.size() << (loaded.errors.size() == 1 ? " error" : " errors")
                << " in " << source << "\n";
      ctx.exit_code = kExitUsage;
      return;
    }
    std::cout << source << ": ok (" << loaded.config.groups.size() << " groups, "
              << loaded.config.components.size() << " components)";
    if (source == "<built-in>")
      std::cout << "; no --config and no ./pharos.yaml: the built-in page";
    std::cout << "\n";
  });

  auto* reload = config->add_subcommand(
      "reload",
      "Make the running server re-read its config: validate the file here first, "
      "signal the server found by the pid file in the data directory (SIGHUP), wait for "
      "its answer. Exit 0 when applied, 2 when the file has errors, 1 when no server "
      "runs or it did not answer");
  reload->callback([&ctx] {
    std::string source = config_source(ctx.options);
    LoadedConfig loaded = resolve_config(ctx.options);
    if (!loaded.ok()) {
      std::cerr << loaded.describe();
      std::cerr << "not reloaded: " << loaded.errors.size()
                << (loaded.errors.size() == 1 ? " error" : " errors") << " in " << source
                << "; the server keeps its running config\n";
      ctx.exit_code = kExitUsage;
      return;
    }
    std::string data_dir = data_dir_for(ctx.options);
    auto pid = running_server(data_dir);
    if (!pid) return ctx.fail(pid.error());
    std::uint64_t before = 0;
    if (auto last = read_reload_record(data_dir)) before = last->generation;
    if (kill(*pid, SIGHUP) != 0) {
      return ctx.fail(Error::unavailable("cannot signal pharos (process " + std::to_string(*pid) +
                                         "): " + std::strerror(errno)));
    }
    // The server writes its outcome to the reload file; a reload takes well under a second
    // unless the database is slow.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      auto last = read_reload_record(data_dir);
      if (last && last->generation > before) {
        if (last->ok) {
          std::cout << "reloaded: " << last->summary << "\n";
          return;
        }
        for (const auto& e : last->errors) std::cerr << e << "\n";
        std::cerr << "not reloaded: " << last->summary << "\n";
        ctx.exit_code = last->errors.empty() ? kExitFailure : kExitUsage;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ctx.fail(Error::unavailable("signalled pharos (process " + std::to_string(*pid) +
                                ") but it reported no reload within 15 s; see its log"));
  });
}

}  // namespace pharos::cli
