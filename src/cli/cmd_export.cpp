// pharos export-static DIR: the whole public site as plain files any web server or CDN can host.
// `--page SLUG`: one page of `pages:` instead of the main page, as if hosted at its own root.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/pages.h"
#include "cli/commands.h"
#include "reports/uptime_site.h"
#include "site/site_builder.h"
#include "site/site_data.h"

namespace pharos::cli {
namespace {

namespace fs = std::filesystem;

// The file a site key is written to: pages become <path>/index.html so that pretty URLs work on
// any static host; "/history?page=N" becomes history/page/N/index.html.
fs::path file_for(const std::string& key, const std::string& content_type) {
  std::string path = key;
  auto q = path.find("?page=");
  if (q != std::string::npos) path = path.substr(0, q) + "/page/" + path.substr(q + 6);
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  // "/404.html" stays a file: static hosts serve 404.html for missing paths.
  bool page = content_type.rfind("text/html", 0) == 0 && !path.ends_with(".html");
  if (page) return fs::path(path) / "index.html";
  return path;
}

Result<int> write_site(const site::Snapshot& snapshot, const fs::path& dir) {
  int written = 0;
  for (const auto& [key, resource] : snapshot.resources()) {
    fs::path file = dir / file_for(key, resource.content_type);
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec)
      return Error::unavailable("cannot create " + file.parent_path().string() + ": " +
                                ec.message());
    fs::path tmp = file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << resource.identity.body;
      if (!out) return Error::unavailable("cannot write " + tmp.string());
    }
    fs::rename(tmp, file, ec);  // readers of an existing export never see a half-written file
    if (ec) return Error::unavailable("cannot write " + file.string() + ": " + ec.message());
    ++written;
  }
  return written;
}

}  // namespace

void add_export_command(CLI::App& app, Context& ctx) {
  static std::string dir;
  static std::string page_slug;
  auto* cmd = app.add_subcommand("export-static",
                                 "Write the public site (pages, JSON API, CSS) as plain files");
  cmd->add_option("DIR", dir, "Output directory (created when missing)")->required();
  cmd->add_option("--page", page_slug,
                  "Export this page of pages: (its slug) instead of the main page");
  cmd->callback([&ctx] {
    Environment* env = ctx.environment();
    if (!env) return;
    auto revision = env->store().revision();
    if (!revision) return ctx.fail(revision.error());
    std::optional<site::PageScope> scope;
    if (!page_slug.empty()) {
      auto scopes = page_scopes(env->config());
      if (!scopes) return ctx.fail(scopes.error());
      std::string known;
      for (auto& s : *scopes) {
        known += (known.empty() ? "" : ", ") + s.slug;
        if (s.slug == page_slug) scope = std::move(s);
      }
      if (!scope) {
        return ctx.fail(Error::invalid(
            "no page '" + page_slug + "' in pages: (" + (known.empty() ? "none" : known) + ")",
            "--page"));
      }
    }
    auto data = site::load_site_data(env->store(), env->page(), scope ? scope->zone : env->zone(),
                                     env->clock().now());
    if (!data) return ctx.fail(data.error());
    // /uptime as `pharos serve` renders it.
    auto results = open_results_store(storage_url(env->config(), env->data_dir()));
    if (!results) return ctx.fail(results.error());
    reports::ReportService reports(env->store(), **results, report_catalog(env->config()),
                                   env->zone(), env->clock());
    std::vector<site::SiteExtension> extensions{reports::uptime_site_extension(reports)};
    extensions.front().contribute(*data);
    // A page's export is hosted at its own root: its links stay as rendered, without its path.
    if (scope) *data = site::scope_site_data(*data, *scope);
    auto snapshot = site::build_snapshot(*data, *revision, nullptr, extensions);
    auto written = write_site(*snapshot, dir);
    if (!written) return ctx.fail(written.error());
    std::cout << "exported " << *written << " files to " << dir << "\n";
  });
}

}  // namespace pharos::cli
