#pragma once
// `pharos serve`, wired: the pre-rendered site, the runtime (monitoring, automation,
// notifications) and the HTTP server, started in that order and stopped in reverse on SIGINT or
// SIGTERM. Blocks until shutdown.
#include "app/environment.h"
#include "web/server/http_server.h"

namespace pharos {

struct ServeSettings {
  web::ServerOptions server;
  bool demo = false;  // seed the demo history into an empty demo store first
};

// Prints "listening on http://HOST:PORT" on stdout once bound (tests read the port from it).
Result<void> serve(Environment& env, const ServeSettings& settings);

}  // namespace pharos
