// pharos: the status page, incident timeline and health monitor. One binary, many subcommands.
#include <malloc.h>

#include <algorithm>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "core/log.h"
#include "core/words.h"

namespace {

// Global options that take a value (the value is not a command name).
bool takes_value(std::string_view arg) {
  return arg == "-c" || arg == "--config" || arg == "-d" || arg == "--data" || arg == "--log-level";
}

// The command words typed, in order, up to the first word that names no subcommand:
// "pharos --config x incident opn -t y" → checks "incident" at the top, then "opn" under it.
// Prints "unknown command …; did you mean …?" and returns false for a word that names none.
bool commands_known(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  bool top = true;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("-")) {
      if (!top) return true;  // a deeper level's options may take values: stop guessing
      if (takes_value(arg)) ++i;
      continue;
    }
    std::vector<std::string_view> names;
    for (const CLI::App* sub : current->get_subcommands({})) names.push_back(sub->get_name());
    if (names.empty()) return true;
    CLI::App* next = nullptr;
    for (CLI::App* sub : current->get_subcommands({})) {
      if (sub->get_name() == arg) next = sub;
    }
    if (next == nullptr) {
      std::string_view hint = pharos::nearest(arg, names, std::max<size_t>(2, arg.size() / 3));
      std::cerr << "error: unknown command '" << arg << "'";
      if (!hint.empty()) std::cerr << "; did you mean '" << hint << "'?";
      std::cerr << "\nRun `" << (top ? "pharos" : "pharos … " + current->get_name())
                << " --help` for the commands.\n";
      return false;
    }
    current = next;
    top = false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pharos;
  // glibc gives each thread that meets contention its own malloc arena (up to 8 per core), and
  // each arena keeps what was freed in it: with the probe, writer, HTTP and housekeeping threads
  // of `serve`, that was a third of the RSS at 10,000 monitors (bench/serve_bench.sh). Two
  // arenas cost no measurable CPU here.
  mallopt(M_ARENA_MAX, 2);
  cli::Context ctx;
  CLI::App app{
      "Pharos: a self-hosted status page, incident timeline and health monitor.\n"
      "Run `pharos serve --demo` to see a demo page on http://127.0.0.1:8080.",
      "pharos"};
  app.require_subcommand(1);
  // Options a subcommand does not know fall through to its parent, so the global options work
  // after the subcommand too (`pharos check --config x.yaml`). Inherited by every subcommand
  // added below.
  app.fallthrough();
  app.set_version_flag("--version", "pharos 0.1.0");
  app.add_option("-c,--config", ctx.options.config_path,
                 "Config file (default: ./pharos.yaml when present)");
  app.add_option("-d,--data", ctx.options.data_dir, "Data directory (default: ./pharos-data)");
  app.add_flag("--demo", ctx.options.demo, "Use the built-in demo config and ./pharos-demo-data");
  app.add_option("--log-level", ctx.log_level,
                 "debug, info, warn, error or off (default: warn for "
                 "commands, info for serve)");

  cli::add_serve_command(app, ctx);
  cli::add_import_command(app, ctx);
  cli::add_export_command(app, ctx);
  cli::add_config_commands(app, ctx);
  cli::add_component_commands(app, ctx);
  cli::add_incident_commands(app, ctx);
  cli::add_subscriber_commands(app, ctx);
  cli::add_check_command(app, ctx);
  cli::add_user_commands(app, ctx);
  cli::add_store_commands(app, ctx);
  cli::add_report_command(app, ctx);

  app.parse_complete_callback([&] {
    std::string level = ctx.log_level;
    if (level.empty()) level = app.got_subcommand("serve") ? "info" : "warn";
    auto parsed = log::parse_level(level);
    if (!parsed) throw CLI::ValidationError("--log-level", parsed.error().message);
    log::set_level(*parsed);
  });

  if (!commands_known(app, argc, argv)) return cli::kExitUsage;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : cli::kExitUsage;
  }
  return ctx.exit_code;
}
