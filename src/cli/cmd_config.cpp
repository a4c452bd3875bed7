// pharos config validate [FILE]
#include <iostream>

#include "cli/commands.h"
#include "config/config.h"

namespace pharos::cli {

void add_config_commands(CLI::App& app, Context& ctx) {
  auto* config = app.add_subcommand("config", "Work with pharos.yaml");
  config->require_subcommand(1);
  auto* validate = config->add_subcommand(
      "validate", "Check a config file; print every error with file:line:column and exit 2 when "
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
    if (source == "<built-in>") std::cout << "; no --config and no ./pharos.yaml: the built-in page";
    std::cout << "\n";
  });
}

}  // namespace pharos::cli
