// pharos import [--dry-run] [--json] [--vendor NAME] [--tz ZONE] [--date YYYY-MM-DD] [--format F]
// FILE…|-
//
// All files are read and parsed before anything is stored: one file that cannot be understood
// stores nothing at all (exit 2, the error names file:line and what was expected there).
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "importer/import_json.h"
#include "importer/importer.h"
#include "importer/to_domain.h"

namespace pharos::cli {
namespace {

struct ImportArgs {
  bool dry_run = false;
  bool json = false;
  std::string vendor;
  std::string tz;
  std::string date;
  std::string format = "auto";
  std::vector<std::string> files;
};

struct ParsedFile {
  std::string name;
  std::vector<importer::ImportedIncident> incidents;
};

Result<std::string> read_input(const std::string& name) {
  std::ostringstream text;
  if (name == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(name, std::ios::binary);
  if (!in) return Error::invalid("cannot read file", name);
  text << in.rdbuf();
  return text.str();
}

Result<importer::ImportOptions> options_from(const ImportArgs& args) {
  importer::ImportOptions options;
  if (!args.vendor.empty()) options.vendor = args.vendor;
  if (!args.tz.empty()) {
    auto zone = TimeZone::locate(args.tz);
    if (!zone) return Error::invalid(zone.error().message, "--tz");
    options.zone = *zone;
  }
  if (!args.date.empty()) {
    auto day = parse_date(args.date);
    if (!day) return Error::invalid("expected YYYY-MM-DD, found '" + args.date + "'", "--date");
    options.date = date::year_month_day(std::chrono::floor<date::days>(*day));
  }
  auto format = importer::parse_format(args.format);
  if (!format) return format.error();
  options.format = *format;
  return options;
}

void print_warnings(const std::string& file, const importer::ImportedIncident& incident) {
  for (const auto& w : incident.warnings) {
    std::cerr << "warning: " << file << (w.line > 0 ? ":" + std::to_string(w.line) : "") << ": "
              << w.message << "\n";
  }
}

void print_summary(const importer::ImportedIncident& i) {
  std::cout << importer::stored_title(i) << " (" << i.vendor.value_or("unknown vendor") << ", "
            << (i.status ? to_string(*i.status) : "no status") << ", " << i.updates.size()
            << " updates)\n";
}

Result<std::vector<ParsedFile>> parse_all(const ImportArgs& args,
                                          const importer::ImportOptions& base) {
  std::vector<ParsedFile> parsed;
  for (const auto& file : args.files) {
    auto text = read_input(file);
    if (!text) return text.error();
    importer::ImportOptions options = base;
    options.source_name = file;
    auto incidents = importer::parse_report(*text, options);
    if (!incidents) return incidents.error();
    for (const auto& i : *incidents) print_warnings(file, i);
    parsed.push_back({file, std::move(*incidents)});
  }
  return parsed;
}

void store_all(Context& ctx, const std::vector<ParsedFile>& parsed, bool json) {
  Environment* env = ctx.environment();
  if (!env) return;
  for (const auto& file : parsed) {
    for (const auto& incident : file.incidents) {
      auto fresh = importer::to_domain(incident, env->clock().now());
      if (!fresh) return ctx.fail(fresh.error());
      auto outcome = env->incidents().record_external(*fresh, ExternalMerge{}, cli_actor());
      if (!outcome) return ctx.fail(outcome.error());
      if (json) {
        auto line = importer::to_json(incident);
        line["id"] = outcome->incident_id;
        line["result"] = to_string(outcome->action);
        print_json(line);
        continue;
      }
      std::cout << to_string(outcome->action) << " " << outcome->incident_id << " "
                << importer::stored_title(incident);
      if (outcome->action == RecordAction::kUpdated) {
        std::cout << " (+" << outcome->added_updates << " updates)";
      }
      std::cout << "\n";
    }
  }
}

void run(Context& ctx, const ImportArgs& args) {
  auto options = options_from(args);
  if (!options) return ctx.fail(options.error());
  auto parsed = parse_all(args, *options);
  if (!parsed) return ctx.fail(parsed.error());
  if (!args.dry_run) return store_all(ctx, *parsed, args.json);
  for (const auto& file : *parsed) {
    for (const auto& incident : file.incidents) {
      if (args.json)
        print_json(importer::to_json(incident));
      else
        print_summary(incident);
    }
  }
}

}  // namespace

void add_import_command(CLI::App& app, Context& ctx) {
  static ImportArgs args;
  auto* import = app.add_subcommand(
      "import",
      "Import incident reports (aggregator, Statuspage or Instatus pages as text or HTML; "
      "Statuspage feeds and API JSON). Importing the same report again changes nothing. Example:\n"
      "  pharos import --dry-run --json report.html");
  import->add_flag("--dry-run", args.dry_run, "Parse and print; store nothing");
  import->add_flag("--json", args.json, "Print one JSON object per incident, one per line");
  import->add_option("--vendor", args.vendor, "Vendor name (wins over the one the page names)");
  import->add_option("--tz", args.tz,
                     "IANA zone for times printed without one, and for ambiguous "
                     "abbreviations (e.g. Europe/Amsterdam)");
  import->add_option("--date", args.date, "YYYY-MM-DD: the day of times printed without a date");
  import->add_option("--format", args.format,
                     "auto (default), aggregator, statuspage, instatus, feed or json");
  import->add_option("FILE", args.files, "Report files; - reads standard input")->required();
  import->callback([&ctx] { run(ctx, args);
});
}  // namespace pharos::cli

}  // namespace pharos::cli
