// pharos serve: its options; the wiring lives in app/serve.h.
#include <iostream>

#include "app/serve.h"
#include "cli/commands.h"
#include "core/duration.h"
#include "core/log.h"

namespace pharos::cli {
namespace {

struct ServeArgs {
  std::string listen;
  unsigned threads = 0;
  std::size_t max_connections = 0;  // 0: the config's http.max_connections
  std::string idle_timeout = "30s";
  std::string request_timeout = "10s";
  std::string location;        // --location or PHAROS_LOCATION; empty: the config's node.location
  std::string source_address;  // --source-address; empty: the config's node.source_address
};

Result<web::ServerOptions> server_options(const ServeArgs& args, const Config& config) {
  web::ServerOptions base;
  base.threads = args.threads;
  base.max_connections = args.max_connections ? args.max_connections : config.http.max_connections;
  base.max_connections_per_address = config.http.max_connections_per_address;
  auto idle = parse_duration(args.idle_timeout);
  if (!idle) return Error::invalid(idle.error().message, "--idle-timeout");
  auto request = parse_duration(args.request_timeout);
  if (!request) return Error::invalid(request.error().message, "--request-timeout");
  base.idle_timeout = *idle;
  base.request_timeout = *request;
  return web::parse_listen(args.listen.empty() ? config.listen : args.listen, base);
}

void serve(Context& ctx, const ServeArgs& args) {
  Environment* env = ctx.environment();
  if (!env) return;
  if (ctx.log_level.empty()) {  // no --log-level: the config's log_level (validated at load) rules
    if (auto level = log::parse_level(env->config().log_level)) log::set_level(*level);
  }
  auto options = server_options(args, env->config());
  if (!options) return ctx.fail(options.error());
  // The demo's links (incident shortlinks, feeds, mail) lead where it really listens. Port 0
  // is only known after binding; the built-in URL stays then.
  if (ctx.options.demo && options->port != 0) {
    bool v6 = options->host.find(':') != std::string::npos;
    env->set_page_url("http://" + (v6 ? "[" + options->host + "]" : options->host) + ":" +
                      std::to_string(options->port));
  }
  ServeSettings settings{*options, ctx.options.demo, args.location, args.source_address};
  auto served = pharos::serve(*env, settings);
  if (!served) ctx.fail(served.error());
}

}  // namespace

void add_serve_command(CLI::App& app, Context& ctx) {
  static ServeArgs args;
  auto* serve_cmd = app.add_subcommand("serve", "Run the status page server");
  serve_cmd->add_option("-l,--listen", args.listen,
                        "HOST:PORT to listen on (default: config `listen`, else 127.0.0.1:8080; "
                        "port 0 picks a free port)");
  // The global options are accepted after `serve` too (`pharos serve --demo`, the documented form).
  serve_cmd->add_flag("--demo", ctx.options.demo, "Use the built-in demo page and its history");
  serve_cmd->add_option("-c,--config", ctx.options.config_path, "Config file");
  serve_cmd->add_option("-d,--data", ctx.options.data_dir, "Data directory");
  serve_cmd->add_option("--threads", args.threads, "Request threads (default: one per core)");
  serve_cmd->add_option("--max-connections", args.max_connections,
                        "Open connections beyond this are refused (default: config "
                        "http.max_connections, 10000; lowered to fit the open-file limit)");
  serve_cmd->add_option("--idle-timeout", args.idle_timeout,
                        "Close keep-alive connections idle this long (default 30s)");
  serve_cmd->add_option("--request-timeout", args.request_timeout,
                        "A request must arrive completely within this time once it starts "
                        "(default 10s)");
  serve_cmd
      ->add_option("--location", args.location,
                   "Where this node checks from, e.g. eu-west (default: config node.location, "
                   "else \"default\")")
      ->envname("PHAROS_LOCATION");
  serve_cmd->add_option("--source-address", args.source_address,
                        "Local address outgoing checks are sent from (default: config "
                        "node.source_address, else the system's choice)");
  serve_cmd->callback([&ctx] { serve(ctx, args); });
}

}  // namespace pharos::cli
