#include "cli/context.h"

#include <cstdlib>
#include <iostream>

namespace pharos::cli {

Environment* Context::environment() {
  if (env) return env.get();
  auto opened = Environment::open(options, *clock);
  if (!opened) {
    fail(opened.error());
    return nullptr;
  }
  env = std::move(*opened);
  return env.get();
}

void Context::fail(const Error& error) {
  std::cerr << "error: " << error.describe() << "\n";
  exit_code = error.code == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

std::string cli_actor() {
  const char* login = std::getenv("USER");
  return std::string("cli:") + (login && *login ? login : "unknown");
}

}  // namespace pharos::cli
