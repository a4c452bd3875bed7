#include "app/reload.h"

#include <sstream>

#include "config/config_diff.h"
#include "core/log.h"

namespace pharos {

ConfigReloader::ConfigReloader(Environment& env, Runtime& runtime,
                               std::function<Result<void>()> rebuild_site)
    : env_(env),
      runtime_(runtime),
      rebuild_site_(std::move(rebuild_site)),
      started_at_(env.clock().now()) {}

ReloadRecord ConfigReloader::reload() {
  std::string source = config_source(env_.options());
  log::info("config.reloading", {log::kv("file", source)});
  LoadedConfig loaded = resolve_config(env_.options());
  if (!loaded.ok()) {
    std::vector<std::string> errors;
    for (const auto& e : loaded.errors) {
      errors.push_back(e.describe());
      log::error("config.invalid", {log::kv("diagnostic", e.describe())});
    }
    std::string summary = std::to_string(errors.size()) +
                          (errors.size() == 1 ? " error" : " errors") + " in " + source +
                          "; the running config stays in force";
    return refuse(std::move(summary), std::move(errors));
  }
  const Config& running = env_.config();
  ConfigDiff diff = diff_configs(running, loaded.config);
  for (const auto& name : diff.needs_restart) {
    log::warn("config.needs_restart",
              {log::kv("setting", name),
               log::kv("note", "changed in the file; the running value stays until a restart")});
  }
  if (!diff.live_empty()) {
    if (auto installed = env_.install_config(with_running_settings(running, loaded.config));
        !installed) {
      log::error("config.install_failed", {log::kv("error", installed.error().describe())});
      return refuse("the catalog could not be saved (" + installed.error().message +
                        "); the running config stays in force",
                    {});
    }
    if (auto applied = runtime_.apply_config(diff); !applied) {
      // The config is installed (the store has the new catalog); what failed is restarting
      // monitoring's threads, which a restart of the server repairs.
      log::error("config.apply_failed", {log::kv("error", applied.error().describe())});
      return refuse(
          "monitoring could not restart (" + applied.error().message + "); restart the server", {});
    }
    if (auto rebuilt = rebuild_site_(); !rebuilt) {
      // The periodic refresh tries again; the catalog change bumped the store's revision.
      log::warn("site.refresh_failed", {log::kv("error", rebuilt.error().describe())});
    }
  }
  ReloadRecord record;
  record.ok = true;
  record.summary = diff.summary();
  log::info("config.reloaded", {log::kv("summary", "reload: " + record.summary)});
  return finish(std::move(record));
}

ReloadRecord ConfigReloader::refuse(std::string summary, std::vector<std::string> errors) {
  ReloadRecord record;
  record.ok = false;
  record.summary = std::move(summary);
  record.errors = std::move(errors);
  log::error("config.reload_refused", {log::kv("reason", record.summary)});
  return finish(std::move(record));
}

ReloadRecord ConfigReloader::finish(ReloadRecord record) {
  record.at = env_.clock().now();
  (record.ok ? ok_ : failed_).fetch_add(1);
  {
    std::lock_guard lock(mu_);
    record.generation = (last_ ? last_->generation : 0) + 1;
    if (record.ok) last_success_ = record.at;
    last_ = record;
  }
  if (auto written = write_reload_record(env_.data_dir(), record); !written) {
    log::warn("config.reload_record_failed", {log::kv("error", written.error().describe())});
  }
  return record;
}

admin::ConfigReloadView ConfigReloader::view() const {
  std::lock_guard lock(mu_);
  admin::ConfigReloadView v;
  if (!last_) return v;
  v.at = last_->at;
  v.ok = last_->ok;
  v.summary = last_->summary;
  v.errors = last_->errors;
  if (!v.ok && v.errors.empty()) v.errors.push_back(last_->summary);
  return v;
}

std::string ConfigReloader::metrics_text() const {
  std::optional<ReloadRecord> last;
  std::optional<Instant> success;
  {
    std::lock_guard lock(mu_);
    last = last_;
    success = last_success_;
  }
  std::ostringstream out;
  out << "# HELP pharos_config_reloads_total Config reloads (SIGHUP, pharos config reload).\n"
      << "# TYPE pharos_config_reloads_total counter\n"
      << "pharos_config_reloads_total{result=\"ok\"} " << ok_.load() << "\n"
      << "pharos_config_reloads_total{result=\"error\"} " << failed_.load() << "\n"
      << "# HELP pharos_config_last_reload_successful Whether the last reload was applied "
         "(1 before any).\n"
      << "# TYPE pharos_config_last_reload_successful gauge\n"
      << "pharos_config_last_reload_successful " << (!last || last->ok ? 1 : 0) << "\n"
      << "# HELP pharos_config_last_reload_success_timestamp_seconds When the config in force "
         "was loaded (the start, before any reload).\n"
      << "# TYPE pharos_config_last_reload_success_timestamp_seconds gauge\n";
  Instant at = success ? *success : started_at_;
  out << "pharos_config_last_reload_success_timestamp_seconds "
      << std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count() << "\n";
  return out.str();
}

}  // namespace pharos
