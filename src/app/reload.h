#pragma once
// serve's config reload: SIGHUP, or `pharos config reload` (which signals the server found by its
// pid file, server_files.h). docs/configuration.md "Reloading the config" is the user's view.
//
//   1. Read and validate pharos.yaml from where the server read it at start. A file with errors
//      is refused: every diagnostic (file:line:column) goes to the log, the admin dashboard shows
//      them in a banner until a good reload or a restart, and nothing else happens.
//   2. Diff it against the running config (config/config_diff.h). Settings that cannot change
//      live keep their running value and are logged as "needs a restart".
//   3. Install it: the catalog is synced into the store in one transaction (a store error
//      refuses the reload, nothing changed), then Environment::config() returns it.
//   4. Apply it to the runtime (Runtime::apply_config: monitoring, reports, subscriptions, the
//      notifier's pages, automation) and rebuild the site from the store and the new config:
//      serve's callback derives the pages again (their scopes, which are private) and swaps
//      them in with the site's next generation.
//   5. Log the summary ("reload: +1 monitor, -0, ~2 changed; +1 component"), count it
//      (pharos_config_reloads_total{result}), record it for the dashboard and the CLI.
// Connections are not touched: the HTTP server and its router live on; the handlers read what
// they serve through the objects the reload updates.
//
// Threads: reload() runs on the HTTP server's housekeeping thread (HttpServer::on_signal posts
// it there), one at a time; view() and metrics_text() are called from request threads.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "admin/admin_ui.h"
#include "app/environment.h"
#include "app/runtime.h"
#include "app/server_files.h"

namespace pharos {

class ConfigReloader {
 public:
  // `rebuild_site` renders the site again from the store and the installed config. `env`,
  // `runtime` and what `rebuild_site` uses must outlive the reloader.
  ConfigReloader(Environment& env, Runtime& runtime, std::function<Result<void>()> rebuild_site);

  // Reads, validates and applies the config (see above). Returns what it recorded.
  ReloadRecord reload();

  // The dashboard's view of the last reload.
  admin::ConfigReloadView view() const;
  // pharos_config_reloads_total{result="ok|error"}, pharos_config_last_reload_successful and
  // pharos_config_last_reload_success_timestamp_seconds (Prometheus's own names, pharos_-prefixed).
  std::string metrics_text() const;

 private:
  ReloadRecord refuse(std::string summary, std::vector<std::string> errors);
  ReloadRecord finish(ReloadRecord record);

  Environment& env_;
  Runtime& runtime_;
  std::function<Result<void>()> rebuild_site_;
  std::atomic<std::uint64_t> ok_{0}, failed_{0};
  mutable std::mutex mu_;
  std::optional<ReloadRecord> last_;     // GUARDED_BY(mu_)
  std::optional<Instant> last_success_;  // GUARDED_BY(mu_)
  Instant started_at_;                   // the config in force since then, before any reload
};

}  // namespace pharos
