#include "app/serve.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "admin/admin_ui.h"
#include "admin/setup_gate.h"

#include "app/demo.h"
#include "app/pages.h"
#include "app/reload.h"
#include "app/runtime.h"
#include "app/server_files.h"
#include "auth/login_limiter.h"
#include "auth/private_access.h"
#include "auth/sessions.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/thread_priority.h"
#include "manage/manage_api.h"
#include "notify/notifier.h"
#include "reports/uptime_site.h"
#include "site/public_routes.h"
#include "site/site_cache.h"
#include "storage/auth_store.h"
#include "storage/template_store.h"
#include "vendor_status/vendor_site.h"

namespace pharos {
namespace {

// How often the site asks the store whether anything changed: a CLI write from another process
// shows within this interval plus one render.
constexpr std::chrono::milliseconds kRevisionPoll{250};

// A setup gate when no admin exists yet (the first admin is created from /admin/setup), else null.
Result<std::unique_ptr<admin::SetupGate>> setup_gate_if_no_admin(AuthStore& auth_store) {
  auto users = auth_store.list_users();
  if (!users) return users.error();
  for (const User& user : *users) {
    if (user.role == Role::kAdmin) return std::unique_ptr<admin::SetupGate>();
  }
  return std::make_unique<admin::SetupGate>();
}

// "<host name>:<process id>": a default node name that tells nodes apart in lists and logs.
std::string default_node_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || !host[0])
    std::snprintf(host, sizeof host, "pharos");
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace

Result<NodeSpec> node_spec(const Config& config, const ServeSettings& settings) {
  NodeSpec node = config.node;
  if (!settings.location.empty()) {
    if (!is_valid_id(settings.location)) {
      return Error::invalid("'" + settings.location +
                                "' is not a location name: use lowercase letters, digits, - and _",
                            "--location");
    }
    node.location = settings.location;
  }
  if (!settings.source_address.empty()) node.source_address = settings.source_address;
  in6_addr parsed{};
  if (!node.source_address.empty() &&
      inet_pton(AF_INET, node.source_address.c_str(), &parsed) != 1 &&
      inet_pton(AF_INET6, node.source_address.c_str(), &parsed) != 1) {
    return Error::invalid(
        "'" + node.source_address + "' is not an IP address of this host",
        settings.source_address.empty() ? "node.source_address" : "--source-address");
  }
  if (node.name.empty()) node.name = default_node_name();
  return node;
}

Result<void> serve(Environment& env, const ServeSettings& settings) {
  auto node = node_spec(env.config(), settings);
  if (!node) return node.error();
  if (settings.demo) {
    auto seeded = seed_demo_history(storage_url(env.config(), env.data_dir()), env.clock().now());
    if (!seeded) return seeded.error();
    if (*seeded > 0) log::info("demo.seeded", {log::kv("incidents", *seeded)});
  }
  site::SiteCache cache(env.store(), env.page(), env.zone(), env.clock());
  auto runtime = Runtime::open(env, *node);
  if (!runtime) return runtime.error();
  if (!env.config().vendors.empty()) {
    cache.add_extension(vendor_status::vendor_site_extension(
        env.store(), env.config().vendors, (*runtime)->vendors(), (*runtime)->vendor_state()));
  }
  cache.add_extension(reports::uptime_site_extension((*runtime)->reports()));
  auto scopes = page_scopes(env.config());
  if (!scopes) return scopes.error();
  cache.set_pages(std::move(*scopes));
  cache.add_extension(site::SiteExtension{[channels = subscribe_channels(env.config())](
                                              site::SiteData& data) { data.subscribe = channels; },
                                          {}});
  PHAROS_TRY(cache.rebuild());

  // The cache rebuilds from one thread at a time: the poll below, a reload, or a request thread
  // right after an admin or API change.
  std::mutex refresh_mu;
  // While it rebuilds, that thread runs at a higher priority than the threads serving the page,
  // where the process may raise one (root or CAP_SYS_NICE): under a flood of readers, publishing
  // an update must win over serving the old page to one more of them (bench/fire_bench.sh).
  constexpr int kPublishNice = -5;
  {
    ScopedThreadPriority probe(kPublishNice);
    log::info("site.publish_priority",
              {log::kv("raised", probe.raised() ? "yes" : "no (needs root or CAP_SYS_NICE)")});
  }
  // Which pages are private: read by every request's access check, replaced by a reload.
  PrivatePageSet private_set(env.config());
  // SIGHUP / `pharos config reload` (reload.h), run on the housekeeping thread. Everything that
  // comes from the pages is derived again from the installed config: the site's scopes (what each
  // page shows, its path and hosts, its subscribe form) and which pages are private.
  ConfigReloader reloader(
      env, **runtime, [&env, &cache, &refresh_mu, &private_set]() -> Result<void> {
        const Config& config = env.config();
        auto next_scopes = page_scopes(config);
        if (!next_scopes) return next_scopes.error();
        private_set.widen(config);  // a page turning private closes before its new content shows
        Result<void> rebuilt = Ok();
        {
          std::lock_guard lock(refresh_mu);
          ScopedThreadPriority publishing(kPublishNice);
          cache.set_pages(std::move(*next_scopes));
          rebuilt = cache.rebuild();
        }
        // Narrowed even when the rebuild failed: the old snapshots then stay, and a page that
        // turned public may show them openly, as it will its new ones.
        private_set.set(config);
        return rebuilt;
      });
  (*runtime)->set_extra_metrics([&reloader] { return reloader.metrics_text(); });

  // Users, tokens and the audit log on their own connection; outlives the router below.
  auto auth_store = open_auth_store(storage_url(env.config(), env.data_dir()));
  if (!auth_store) return auth_store.error();

  // Admin sessions and login limits live in memory for the life of the process; the management
  // API's private-page gate may use the same sessions.
  auth::SessionManager sessions(env.clock());
  auth::LoginLimiter login_limiter(env.clock());
  auto setup_gate = setup_gate_if_no_admin(**auth_store);
  if (!setup_gate) return setup_gate.error();
  auto templates = open_template_store(storage_url(env.config(), env.data_dir()));
  if (!templates) return templates.error();

  web::Router router;
  // A private page lets in read-scope tokens allowed on it and admin sessions only
  // (docs/configuration.md). Always installed: a reload may make any page private; a public page
  // costs the check one atomic load.
  web::AccessCheck private_check =
      auth::private_page_check(**auth_store, sessions, env.clock(), private_set.predicate());
  Runtime* rt = runtime->get();
  site::add_public_routes(router, cache, private_check, [rt] { return rt->readiness_note(); });
  // /metrics: as private as the main page; per-monitor series (node addresses) need a reader
  // always, as if the page were private.
  web::AccessCheck metrics_check =
      env.config().metrics.per_monitor
          ? auth::private_page_check(**auth_store, sessions, env.clock(),
                                     [](std::string_view) { return true; })
          : private_check;
  (*runtime)->add_routes(
      router, private_check,
      [&cache](const web::Request& request) { return cache.resolve(request); }, metrics_check);
  manage::add_routes(router,
                     manage::Services{.store = env.store(),
                                      .incidents = env.incidents(),
                                      .auth_store = **auth_store,
                                      .clock = env.clock(),
                                      .monitoring = &(*runtime)->monitoring(),
                                      .subscriptions = &(*runtime)->notifier().subscriptions(),
                                      .reports = &(*runtime)->reports(),
                                      .pages = [&env] { return page_choices(env.config()); }});
  admin::add_routes(router,
                    admin::Services{.store = env.store(),
                                    .incidents = env.incidents(),
                                    .auth_store = **auth_store,
                                    .sessions = sessions,
                                    .limiter = login_limiter,
                                    .clock = env.clock(),
                                    .zone = env.zone(),
                                    .page_name = env.page().name,
                                    .monitoring = &(*runtime)->monitoring(),
                                    .templates = templates->get(),
                                    .subscriptions = &(*runtime)->notifier().subscriptions(),
                                    .reports = &(*runtime)->reports(),
                                    .setup = setup_gate->get(),
                                    // plain HTTP: a TLS proxy in front should add Secure
                                    .secure_cookies = false,
                                    .cluster = (*runtime)->cluster(),
                                    .config_reload = [&reloader] { return reloader.view(); },
                                    .pages = [&env] { return page_choices(env.config()); }});

  // A request thread rebuilds right after an admin or API change, so the public page shows the
  // change before the redirect or the API's answer reaches the client (not up to 250 ms later).
  router.set_after([&cache, &refresh_mu](const web::Request& request,
                                         const web::Response& response) {
    bool change = request.method != web::Method::kGet && request.method != web::Method::kHead &&
                  response.status < 400 &&
                  (request.path.starts_with("/admin/") || request.path.starts_with("/api/manage/"));
    if (!change) return;
    std::lock_guard lock(refresh_mu);
    ScopedThreadPriority publishing(kPublishNice);
    if (auto refreshed = cache.refresh(); !refreshed) {
      log::warn("site.refresh_failed", {log::kv("error", refreshed.error().describe())});
    }
  });
  web::HttpServer server(settings.server, router);
  // Taken before the pid file exists, so no SIGHUP can reach the default action (exit).
  server.on_signal(SIGHUP, [&reloader] { reloader.reload(); });
  auto bound = server.bind();
  if (!bound) return bound.error();
  // Vendor health lives in memory, not in the store: a change to it rebuilds the site too.
  std::uint64_t vendor_generation = 0;
  // While the database is away this fails every 250 ms: logged once, and once when it is back.
  log::FailureLog refresh_log("site.refresh_failed", "site.refresh_recovered");
  auto refresh = [&cache, &runtime, &vendor_generation, &refresh_log, &refresh_mu] {
    std::lock_guard lock(refresh_mu);
    ScopedThreadPriority publishing(kPublishNice);
    std::uint64_t generation = (*runtime)->vendors().health_generation();
    if (generation != vendor_generation) {
      auto rebuilt = cache.rebuild();
      refresh_log.note(rebuilt);
      if (rebuilt) vendor_generation = generation;
      return;
    }
    refresh_log.note(cache.refresh());
  };
  server.every(kRevisionPoll, refresh);
  // Several nodes: a change another node made is rendered as soon as it commits (the poll above
  // is the backstop: a notification can be lost, docs/scale-out.md).
  (*runtime)->on_revision([&server, refresh] { server.post(refresh); });
  PHAROS_TRY((*runtime)->start());
  // Reading pharos.yaml and the first build allocate far more than the running server keeps (a
  // YAML tree of 10,000 monitors is tens of MB): give those pages back, and whatever a burst freed
  // since, once a minute (bench/serve_bench.sh).
  malloc_trim(0);
  server.every(std::chrono::minutes(1), [] { malloc_trim(0); });
  // `pharos config reload` finds this server by it (server_files.h); removed on a clean exit.
  if (auto written = write_pid_file(env.data_dir()); !written) {
    log::warn("pid_file.unwritten", {log::kv("error", written.error().describe())});
  }
  struct RemovePidFile {
    const std::string& dir;
    ~RemovePidFile() { remove_pid_file(dir); }
  } remove_pid_file_at_exit{env.data_dir()};
  // The setup address is printed once, on stdout beside the listening line and never through the
  // structured log (log files are kept and shipped; the token must not be).
  if (*setup_gate) {
    std::cout << "admin setup (one-time, until the first admin exists): http://" << *bound
              << "/admin/setup?token=" << (*setup_gate)->take_token() << std::endl;
  }
  std::cout << "listening on http://" << *bound << std::endl;
  log::info("http.listening", {log::kv("address", *bound)});
  server.run();  // returns after SIGINT/SIGTERM, once connections are closed
  (*runtime)->stop();
  return Ok();
}

}  // namespace pharos
