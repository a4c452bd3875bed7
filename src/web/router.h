#pragma once
// Maps method + path to handlers, without sockets: the server hands it a parsed Request and
// writes back whatever Response comes out, so every handler can be tested in-process.
//
// Patterns are literal segments and "{name}" parameters, one segment each ("/incidents/{id}").
// A literal segment wins over a parameter at the same place. HEAD is served by the GET handler
// with the body omitted. A path that matches only under other methods answers 405 with Allow.
// When no pattern matches, the fallback (the pre-rendered public site) answers GET and HEAD.
//
// Threading: add routes before the server starts; handle() is const and may run on many threads.
#include <functional>
#include <string>
#include <vector>

#include "web/http.h"

namespace pharos::web {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  // Registers `handler` for `method` on `pattern`. A later registration of the same method and
  // pattern replaces the earlier one, so the app wiring can override a default route.
  void add(Method method, std::string pattern, Handler handler);
  // Answers GET/HEAD requests no pattern matched; without one, they get 404.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Called on the handler's thread after a route's handler answered (not the fallback), before
  // the response is written: the app refreshes the public site there after a change, so the
  // page shows it by the time the client sees the answer. Set before the server starts.
  void set_after(std::function<void(const Request&, const Response&)> after) {
    after_ = std::move(after);
  }

  // Routes `request`, binding its path parameters. Never throws: a handler that throws answers 500.
  // The same as answer(request, resolve(request)).
  Response handle(Request& request) const;

 private:
  struct Route;

 public:
  // What answers a request, found before anything runs: a route's handler (its path parameters
  // already bound into the request), else the fallback or the router's own 404/405.
  struct Resolved {
    const Route* route = nullptr;
    std::string allow;  // the methods other routes on this path take (for a 405)
    // A route's handler may block (the store, a site rebuild after a change), so the server
    // runs it off the threads that serve connections; the fallback and the router's own
    // answers come from memory.
    bool may_block() const { return route != nullptr; }
  };
  Resolved resolve(Request& request) const;
  // Answers a resolved request (and calls the after hook for a route). Never throws.
  Response answer(Request& request, const Resolved& resolved) const;

  // Every registered method and pattern, in registration order (for documents and tests that
  // must list the real routes, e.g. the management API's OpenAPI check).
  std::vector<std::pair<Method, std::string>> routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& path,
                    std::vector<std::pair<std::string, std::string>>& params);
  Response dispatch(const Handler& handler, Request& request) const;

  std::vector<Route> routes_;
  Handler fallback_;
  std::function<void(const Request&, const Response&)> after_;
};

}  // namespace pharos::web
