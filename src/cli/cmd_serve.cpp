// pharos serve: placeholder until the web module lands (issue 3) — serves nothing yet.
#include <iostream>

#include "cli/commands.h"

namespace pharos::cli {

void add_serve_command(CLI::App& app, Context& ctx) {
  static std::string listen;
  auto* serve = app.add_subcommand("serve", "Run the status page server");
  serve->add_option("-l,--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->callback([&ctx] {
    Environment* env = ctx.environment();
    if (!env) return;
    std::cerr << "error: the web server is not built yet\n";
    ctx.exit_code = kExitFailure;
  });
}

}  // namespace pharos::cli
