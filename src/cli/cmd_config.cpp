// pharos config validate FILE
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
  validate->add_option("FILE", file, "The config file")->required();
  validate->callback([&ctx] {
    LoadedConfig loaded = load_config_file(file);
    if (!loaded.ok()) {
      std::cerr << loaded.describe();
      std::cerr << loaded.errors.size() << (loaded.errors.size() == 1 ? " error" : " errors")
                << " in " << file << "\n";
      ctx.exit_code = kExitUsage;
      return;
    }
    std::cout << file << ": ok (" << loaded.config.groups.size() << " groups, "
              << loaded.config.components.size() << " components)\n";
  });
}

}  // namespace pharos::cli
