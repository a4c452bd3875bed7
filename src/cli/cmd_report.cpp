// pharos report [--window 30d | --from … --to …] [--component ID…] [--format table|json|csv]
//               [--include-maintenance]
// Uptime, downtime, incidents, MTTD/MTTA/MTTR and SLOs over a window (docs/reports.md).
#include <iostream>

#include "cli/commands.h"
#include "reports/report_format.h"
#include "storage/results_store.h"

namespace pharos::cli {
namespace {

struct ReportArgs {
  std::string window;
  std::string from, to;
  std::vector<std::string> components;
  std::string format = "table";
  bool include_maintenance = false;
};

void run_report(Context& ctx, const ReportArgs& args) {
  if (args.format != "table" && args.format != "json" && args.format != "csv") {
    return ctx.fail(
        Error::invalid("unknown format '" + args.format + "'; use table, json or csv", "format"));
  }
  Environment* env = ctx.environment();
  if (!env) return;
  auto results = open_results_store(storage_url(env->config(), env->data_dir()));
  if (!results) return ctx.fail(results.error());
  reports::ReportService service(env->store(), **results, report_catalog(env->config()),
                                 env->zone(), env->clock());
  auto window = service.window(args.window, args.from, args.to);
  if (!window) return ctx.fail(window.error());
  auto report = service.report({*window, args.components, args.include_maintenance});
  if (!report) return ctx.fail(report.error());
  if (args.format == "json") {
    std::cout << reports::json_text(reports::report_json(*report)) << "\n";
  } else if (args.format == "csv") {
    std::cout << reports::report_csv(*report);
  } else {
    std::cout << reports::report_table(*report, env->zone());
  }
}

}  // namespace

void add_report_command(CLI::App& app, Context& ctx) {
  static ReportArgs args;
  auto* report = app.add_subcommand(
      "report", "Uptime, downtime, incidents, MTTD/MTTA/MTTR and SLOs over a window");
  report->add_option("--window", args.window,
                     "24h, 7d, 30d (default), 90d, 365d, any <N>h or <N>d, this_month, "
                     "last_month (page time zone)");
  report->add_option("--from", args.from,
                     "Start: YYYY-MM-DD (midnight, page time zone) or ISO-8601 with an offset");
  report->add_option("--to", args.to, "End, likewise (default: now)");
  report->add_option("--component", args.components, "Only these component ids (repeatable)");
  report->add_option("--format", args.format, "table (default), json or csv");
  report->add_flag("--include-maintenance", args.include_maintenance,
                   "Count maintenance as downtime instead of leaving it out");
  report->callback([&ctx] { run_report(ctx, args); });
}

}  // namespace pharos::cli
