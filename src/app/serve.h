#pragma once
// `pharos serve`, wired: the pre-rendered site, the runtime (monitoring, automation,
// notifications) and the HTTP server, started in that order and stopped in reverse on SIGINT or
// SIGTERM. Blocks until shutdown.
#include "app/environment.h"
#include "web/server/http_server.h"

namespace pharos {

struct ServeSettings {
  web::ServerOptions server;
  bool demo = false;           // seed the demo history into an empty demo store first
  std::string location;        // overrides node.location when set (--location, PHAROS_LOCATION)
  std::string source_address;  // overrides node.source_address when set (--source-address)
};

// The config's node section with the command line's overrides applied; kInvalidArgument naming
// the option when a location is not a valid name.
Result<NodeSpec> node_spec(const Config& config, const ServeSettings& settings);

// Prints "listening on http://HOST:PORT" on stdout once bound (tests read the port from it).
Result<void> serve(Environment& env, const ServeSettings& settings);

}  // namespace pharos
