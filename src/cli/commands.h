#pragma once
// Each subcommand family registers itself on the root CLI11 app.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "cli/context.h"

namespace pharos::cli {

// One family of subcommands (`pharos incident list|show|…`): they parse into one Args (static, as
// CLI11 writes into it after registration) and each runs `run(ctx, args)`. The shapes most
// subcommands share are registered here once; each returns the command for its own options.
template <typename Args>
class CommandFamily {
 public:
  using Run = std::function<void(Context&, const Args&)>;

  // `pharos NAME …`: a group of subcommands, one of which is required.
  CommandFamily(CLI::App& app, Context& ctx, Args& args, const std::string& name,
                const std::string& description)
      : group_(app.add_subcommand(name, description)), ctx_(ctx), args_(args) {
    group_->require_subcommand(1);
  }

  // `pharos FAMILY NAME`.
  CLI::App* command(const std::string& name, const std::string& description, Run run) {
    CLI::App* cmd = group_->add_subcommand(name, description);
    cmd->callback([&ctx = ctx_, &args = args_, run = std::move(run)] { run(ctx, args); });
    return cmd;
  }

  // `pharos FAMILY list [--json]`: text, or with --json one JSON array (args.json).
  CLI::App* list(const std::string& description, Run run,
                 const std::string& json_help = "Print a JSON array") {
    CLI::App* cmd = command("list", description, std::move(run));
    cmd->add_flag("--json", args_.json, json_help);
    return cmd;
  }

  // `pharos FAMILY NAME ID`: on one item, its id (args.id) required; `id_help` names it.
  CLI::App* on_id(const std::string& name, const std::string& description,
                  const std::string& id_help, Run run) {
    CLI::App* cmd = command(name, description, std::move(run));
    cmd->add_option("ID", args_.id, id_help)->required();
    return cmd;
  }

 private:
  CLI::App* group_;
  Context& ctx_;
  Args& args_;
};

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
