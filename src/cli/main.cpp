// pharos: the status page, incident timeline and health monitor. One binary, many subcommands.
#include <iostream>

#include "cli/commands.h"
#include "core/log.h"

int main(int argc, char** argv) {
  using namespace pharos;
  cli::Context ctx;
  CLI::App app{
      "Pharos: a self-hosted status page, incident timeline and health monitor.\n"
      "Run `pharos serve --demo` to see a demo page on http://127.0.0.1:8080.",
      "pharos"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pharos 0.1.0");
  app.add_option("-c,--config", ctx.options.config_path,
                 "Config file (default: ./pharos.yaml when present)");
  app.add_option("-d,--data", ctx.options.data_dir, "Data directory (default: ./pharos-data)");
  app.add_flag("--demo", ctx.options.demo,
               "Use the built-in demo config and ./pharos-demo-data");
  app.add_option("--log-level", ctx.log_level, "debug, info, warn, error or off (default: warn for "
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : cli::kExitUsage;
  }
  return ctx.exit_code;
}
