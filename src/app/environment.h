#pragma once
// What every command needs: the validated config, the store (migrated, catalog synced), the page
// and the services over them. Built once per process from the global options.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/time.h"
#include "incident/incident_service.h"
#include "reports/report_service.h"
#include "storage/audit_log.h"
#include "storage/auth_store.h"
#include "storage/store.h"

namespace pharos {

struct GlobalOptions {
  std::string config_path;  // empty: ./pharos.yaml when present, else a built-in minimal page
  std::string data_dir;     // empty: ./pharos-data (./pharos-demo-data with --demo)
  bool demo = false;        // use the built-in demo config
};

class Environment {
 public:
  // Loads the config, opens the store and syncs the catalog into it. Config errors come back as
  // one kInvalidArgument whose message lists every diagnostic (file:line:column).
  static Result<std::unique_ptr<Environment>> open(const GlobalOptions& options,
                                                   const Clock& clock);

  // The config in force. A reload (install_config) replaces it; every Config installed stays
  // alive for the life of the process, so a reference taken earlier stays valid (it then shows
  // the config as it was). Reloads are rare and a Config is small.
  const Config& config() const { return *config_.load(); }
  // The same config, sharing its ownership: what holds parts of it beyond a reload (monitoring
  // holds each monitor's spec this way instead of a copy).
  std::shared_ptr<const Config> shared_config() const {
    std::lock_guard lock(configs_mu_);
    return configs_.back();
  }
  const GlobalOptions& options() const { return options_; }
  // Installs a newly read config (valid; its restart-only settings the running ones, see
  // config/config_diff.h): syncs its catalog into the store (one transaction: added components
  // and groups appear, removed ones are retired, renamed and reordered ones updated, statuses
  // kept), then makes it config(). On a store error nothing changes. Thread-safe; one caller at a
  // time (serve's reload).
  Result<void> install_config(Config next);
  const Page& page() const { return page_; }
  const TimeZone& zone() const { return zone_; }
  const std::string& data_dir() const { return data_dir_; }
  Store& store() { return *store_; }
  IncidentService& incidents() { return *incidents_; }
  // The audit log the services record people's changes in (on the auth store's connection).
  const AuditLog& audit() const { return *audit_; }
  const Clock& clock() const { return clock_; }
  // Points the page's public URL elsewhere (the demo: where `--listen` says it serves). Call
  // before anything copies the page (site cache, runtime).
  void set_page_url(std::string url) {
    std::lock_guard lock(configs_mu_);
    configs_.back()->page.url = url;
    page_.url = std::move(url);
  }

 private:
  Environment(Config config, GlobalOptions options, std::string data_dir, const Clock& clock)
      : options_(std::move(options)),
        data_dir_(std::move(data_dir)),
        clock_(clock),
        zone_(TimeZone::utc()) {
    configs_.push_back(std::make_shared<Config>(std::move(config)));
    config_.store(configs_.back().get());
  }

  mutable std::mutex configs_mu_;
  std::vector<std::shared_ptr<Config>> configs_;  // GUARDED_BY(configs_mu_): every one installed
  std::atomic<const Config*> config_;             // the last of configs_
  GlobalOptions options_;
  std::string data_dir_;
  const Clock& clock_;
  TimeZone zone_;
  Page page_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<AuthStore> audit_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<IncidentService> incidents_;
};

// Resolves the config to use: explicit path, ./pharos.yaml, the demo, or a minimal built-in one.
LoadedConfig resolve_config(const GlobalOptions& options);
// Hand-back knowledge from the config alone: which components a monitor watches (no live
// status; the server's Runtime adds it).
IncidentService::AutomaticStatusLookup configured_automatic_status(const Config& config);

// The data directory for these options: --data, else ./pharos-data (./pharos-demo-data with
// --demo).
std::string data_dir_for(const GlobalOptions& options);

// Where resolve_config reads from: the --config path, "pharos.yaml", "<demo>" or "<built-in>".
std::string config_source(const GlobalOptions& options);

// The storage URL for a config and data directory (config's `storage:` wins).
std::string storage_url(const Config& config, const std::string& data_dir);

// What reports need from pharos.yaml: monitors by component, SLOs, vendor names.
reports::ReportCatalog report_catalog(const Config& config);

}  // namespace pharos
