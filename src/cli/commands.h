#pragma once
// Each subcommand family registers itself on the root CLI11 app.
#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace pharos::cli {

void add_config_commands(CLI::App& app, Context& ctx);
void add_component_commands(CLI::App& app, Context& ctx);
void add_incident_commands(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);
void add_subscriber_commands(CLI::App& app, Context& ctx);  // subscriber …, outbox …
void add_check_command(CLI::App& app, Context& ctx);
void add_import_command(CLI::App& app, Context& ctx);
void add_export_command(CLI::App& app, Context& ctx);
void add_user_commands(CLI::App& app, Context& ctx);   // user …, token …, audit …
void add_store_commands(CLI::App& app, Context& ctx);  // store copy
void add_report_command(CLI::App& app, Context& ctx);

}  // namespace pharos::cli
