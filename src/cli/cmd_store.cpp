// pharos store copy --from URI --to URI [--force]
#include <iostream>

#include "cli/commands.h"
#include "storage/db/url.h"
#include "storage/store_copy.h"

namespace pharos::cli {

void add_store_commands(CLI::App& app, Context& ctx) {
  auto* store = app.add_subcommand("store", "Move an installation between databases");
  store->require_subcommand(1);
  struct Args {
    std::string from, to;
    bool force = false;
  };
  auto args = std::make_shared<Args>();
  auto* copy = store->add_subcommand(
      "copy",
      "Copy every table (ids and times kept) from one database to another, e.g.\n"
      "  pharos store copy --from sqlite:pharos-data/pharos.db --to postgres://pharos@db/pharos\n"
      "Stop Pharos on the source first. The target is written in one transaction.");
  copy->add_option("--from", args->from, "Source: sqlite:<path> or postgres://…")->required();
  copy->add_option("--to", args->to, "Target: sqlite:<path> or postgres://…")->required();
  copy->add_flag("--force", args->force, "Replace what the target holds (refused otherwise)");
  copy->callback([&ctx, args] {
    auto counts = copy_store(args->from, args->to, args->force);
    if (!counts) return ctx.fail(counts.error());
    std::int64_t total = 0;
    for (const auto& c : *counts) {
      std::cout << c.table << '\t' << c.rows << '\n';
      total += c.rows;
    }
    std::cout << "copied " << total << " rows from " << db::redact_url(args->from) << " to "
              << db::redact_url(args->to) << '\n';
  });
}

}  // namespace pharos::cli
