#include "app/environment.h"

#include <filesystem>
#include <set>

#include "app/demo.h"

namespace pharos {

std::string config_source(const GlobalOptions& options) {
  if (options.demo) return "<demo>";
  if (!options.config_path.empty()) return options.config_path;
  if (std::filesystem::exists("pharos.yaml")) return "pharos.yaml";
  return "<built-in>";
}

LoadedConfig resolve_config(const GlobalOptions& options) {
  std::string source = config_source(options);
  if (source == "<demo>") return parse_config(demo_config_yaml(), source);
  if (source == "<built-in>") return parse_config("page: { name: Pharos }\n", source);
  return load_config_file(source);
}

std::string data_dir_for(const GlobalOptions& options) {
  if (!options.data_dir.empty()) return options.data_dir;
  return options.demo ? "pharos-demo-data" : "pharos-data";
}

std::string storage_url(const Config& config, const std::string& data_dir) {
  if (!config.storage.empty()) return config.storage;
  return "sqlite:" + (std::filesystem::path(data_dir) / "pharos.db").string();
}

IncidentService::AutomaticStatusLookup configured_automatic_status(const Config& config) {
  std::set<std::string> monitored;
  for (const auto& m : config.monitors) monitored.insert(m.component);
  return [monitored = std::move(monitored)](const std::string& id) {
    return IncidentService::AutomaticStatus{monitored.count(id) > 0, std::nullopt};
  };
}

Result<std::unique_ptr<Environment>> Environment::open(const GlobalOptions& options,
                                                       const Clock& clock) {
  LoadedConfig loaded = resolve_config(options);
  if (!loaded.ok()) {
    std::string message = loaded.describe();
    if (!message.empty() && message.back() == '\n') message.pop_back();
    return Error::invalid(message);
  }
  std::string data_dir = data_dir_for(options);
  std::unique_ptr<Environment> env(
      new Environment(std::move(loaded.config), options, data_dir, clock));

  auto zone = TimeZone::locate(env->config().page.time_zone);
  if (!zone) return zone.error();
  env->zone_ = *zone;
  auto store = open_store(storage_url(env->config(), data_dir), clock);
  if (!store) return store.error();
  env->store_ = std::move(*store);
  auto page = env->store_->load_page(env->config().page);
  if (!page) return page.error();
  Page configured = env->config().page;
  configured.id = page->id;
  PHAROS_TRY(env->store_->sync_catalog(configured, env->config().groups, env->config().components));
  env->page_ = configured;
  auto audit_store = open_auth_store(storage_url(env->config(), data_dir));
  if (!audit_store) return audit_store.error();
  env->audit_store_ = std::move(*audit_store);
  env->audit_ = std::make_unique<AuditLog>(*env->audit_store_, clock);
  env->incidents_ = std::make_unique<IncidentService>(*env->store_, clock, env->audit_.get());
  env->incidents_->set_automatic_status(configured_automatic_status(env->config()));
  return env;
}

Result<void> Environment::install_config(Config next) {
  PHAROS_TRY(store_->sync_catalog(page_, next.groups, next.components));
  std::lock_guard lock(configs_mu_);
  configs_.push_back(std::make_shared<Config>(std::move(next)));
  config_.store(configs_.back().get());
  return Ok();
}

reports::ReportCatalog report_catalog(const Config& config) {
  reports::ReportCatalog catalog;
  for (const auto& m : config.monitors) catalog.monitors.push_back({m.name, m.component});
  catalog.slos = config.slos;
  for (const auto& v : config.vendors) {
    catalog.vendors.emplace_back(v.slug, v.name.empty() ? v.slug : v.name);
  }
  return catalog;
}

}  // namespace pharos
