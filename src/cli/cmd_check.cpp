// pharos check [--json] [MONITOR…]: run monitors once, now, on every node; exit 1 if any is down.
// The deploy-pipeline smoke test of seed 001.
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "monitor/check_once.h"
#include "probe/evaluate.h"

namespace pharos::cli {
namespace {

struct CheckArgs {
  bool json = false;
  std::vector<std::string> names;
};

boost::json::object result_json(const CheckResult& r) {
  const CheckTiming& t = r.timing;
  return {{"node", r.node.empty() ? boost::json::value(nullptr) : boost::json::value(r.node)},
          {"outcome", to_string(r.outcome)},
          {"reason", r.reason.empty() ? boost::json::value(nullptr) : boost::json::value(r.reason)},
          {"http_status",
           r.http_status == 0 ? boost::json::value(nullptr) : boost::json::value(r.http_status)},
          {"timing_us",
           {{"dns", t.dns_us},
            {"connect", t.connect_us},
            {"tls", t.tls_us},
            {"first_byte", t.first_byte_us},
            {"total", t.total_us}}},
          {"expires_at", r.expires_at ? boost::json::value(format_iso_utc(*r.expires_at))
                                      : boost::json::value(nullptr)}};
}

void print_table(const std::vector<monitor::CheckReport>& reports) {
  std::cout << std::left << std::setw(22) << "MONITOR" << std::setw(24) << "NODE" << std::setw(10)
            << "RESULT" << std::setw(9) << "TIME"
            << "DETAIL\n";
  for (const auto& rep : reports) {
    if (rep.skipped) {
      std::cout << std::setw(22) << rep.spec->name << std::setw(24) << "-" << std::setw(10)
                << "skipped" << std::setw(9) << "-"
                << "heartbeat: pushed by the job, not checked\n";
      continue;
    }
    for (const auto& r : rep.results) {
      std::cout << std::setw(22) << rep.spec->name << std::setw(24)
                << (r.node.empty() ? "-" : r.node) << std::setw(10) << to_string(r.outcome)
                << std::setw(9) << probe::format_latency(r.timing.total_us) << r.reason << "\n";
    }
  }
}

// The monitors named in `names` (all when empty); an unknown name is a usage error.
Result<std::vector<const MonitorSpec*>> select(const Config& config,
                                               const std::vector<std::string>& names) {
  std::vector<const MonitorSpec*> out;
  for (const auto& m : config.monitors) {
    if (names.empty() || std::find(names.begin(), names.end(), m.name) != names.end()) {
      out.push_back(&m);
    }
  }
  for (const auto& n : names) {
    bool known = std::any_of(config.monitors.begin(), config.monitors.end(),
                             [&](const MonitorSpec& m) { return m.name == n; });
    if (!known) return Error::invalid("no monitor named '" + n + "' in the config", "MONITOR");
  }
  if (out.empty()) return Error::invalid("the config has no monitors to check", "monitors");
  return out;
}

void run_check(Context& ctx, const CheckArgs& args) {
  LoadedConfig loaded = resolve_config(ctx.options);
  if (!loaded.ok()) {
    std::string message = loaded.describe();
    if (!message.empty() && message.back() == '\n') message.pop_back();
    return ctx.fail(Error::invalid(message));
  }
  auto specs = select(loaded.config, args.names);
  if (!specs) return ctx.fail(specs.error());
  auto reports = monitor::check_once(*specs, *ctx.clock);
  if (!reports) return ctx.fail(reports.error());
  bool any_down = false;
  boost::json::array monitors;
  for (const auto& rep : *reports) {
    boost::json::array nodes;
    for (const auto& r : rep.results) {
      any_down = any_down || r.outcome == CheckOutcome::kDown;
      nodes.push_back(result_json(r));
    }
    monitors.push_back({{"name", rep.spec->name},
                        {"component", rep.spec->component},
                        {"kind", to_string(rep.spec->kind)},
                        {"skipped", rep.skipped},
                        {"results", std::move(nodes)}});
  }
  if (args.json)
    print_json(boost::json::object{{"ok", !any_down}, {"monitors", monitors}});
  else
    print_table(*reports);
  if (any_down) ctx.exit_code = kExitFailure;
}

}  // namespace

void add_check_command(CLI::App& app, Context& ctx) {
  static CheckArgs args;
  auto* check = app.add_subcommand(
      "check",
      "Run monitors once now, on every node, and print the results; exit 1 if any is down");
  check->add_option("MONITOR", args.names, "Monitor names from pharos.yaml (default: all)");
  check->add_flag("--json", args.json, "Print one JSON object instead of a table");
  check->callback([&ctx] { run_check(ctx, args); });
}

}  // namespace pharos::cli
