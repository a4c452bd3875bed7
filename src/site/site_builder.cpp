#include "site/site_builder.h"

#include "site/api_json.h"
#include "site/badge.h"
#include "site/feeds.h"
#include "site/fingerprint.h"
#include "site/html_pages.h"
#include "site/page_scope.h"
#include "site/widget.h"

namespace pharos::site {
namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kJson = "application/json; charset=utf-8";
// A small beacon: the page's icon, so browsers do not ask for a missing /favicon.ico.
constexpr const char* kFavicon =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"
    "<circle cx=\"16\" cy=\"16\" r=\"15\" fill=\"#1f9d55\"/>"
    "<path d=\"M9 17l5 5 9-11\" fill=\"none\" stroke=\"#fff\" stroke-width=\"3.5\" "
    "stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>";

struct Builder {
  Snapshot& snapshot;
  const Snapshot* previous;
  Instant now;
  std::string_view base_path;

  void put(const std::string& key, std::string body, const char* type, CachePolicy cache, bool cors,
           std::string inputs = {}) {
    if (!base_path.empty() && std::string_view(type).starts_with("text/html")) {
      body = prefix_links(body, base_path);
    }
    const Resource* before = previous ? previous->find(key) : nullptr;
    bool compressed = false;
    snapshot.put(key, make_resource(std::move(body), type, now, cache, cors, before, &compressed),
                 std::move(inputs));
    ++snapshot.stats().rendered;
    if (compressed) ++snapshot.stats().compressed;
  }

  // The previous build's entry for `key` when it was made from `inputs` with the same type and
  // headers, shared as is; else `render()`'s body, put as above.
  template <typename Render>
  void put_keyed(const std::string& key, std::string inputs, Render&& render, const char* type,
                 CachePolicy cache, bool cors) {
    const Snapshot::Entry* before = previous ? previous->entry(key) : nullptr;
    if (before && !inputs.empty() && before->inputs == inputs &&
        before->resource->content_type == type && before->resource->cache == cache &&
        before->resource->cors == cors) {
      snapshot.share(key, before->resource, std::move(inputs));
      ++snapshot.stats().reused;
      return;
    }
    put(key, render(), type, cache, cors, std::move(inputs));
  }
};

}  // namespace

std::shared_ptr<Snapshot> build_snapshot(const SiteData& data, std::int64_t revision,
                                         const Snapshot* previous,
                                         const std::vector<SiteExtension>& extensions,
                                         std::string_view base_path) {
  auto snapshot = std::make_shared<Snapshot>(revision, data.now);
  Builder b{*snapshot, previous, data.now, base_path};
  b.put("/", render_index(data), kHtml, CachePolicy::kRevalidate, false);
  auto history = render_history(data);
  for (size_t i = 0; i < history.size(); ++i) {
    std::string key = "/history?page=" + std::to_string(i + 1);
    if (i == 0) b.put("/history", history[i], kHtml, CachePolicy::kRevalidate, false);
    b.put(key, std::move(history[i]), kHtml, CachePolicy::kRevalidate, false);
  }
  std::string context = page_context(data, base_path);
  if (data.uptime_page) {
    b.put_keyed(
        "/uptime", uptime_page_inputs(context, *data.uptime_page),
        [&] { return render_uptime(data); }, kHtml, CachePolicy::kRevalidate, false);
  }
  // Incident pages are the bulk of the site (up to kSiteIncidentLimit): one changed incident
  // re-renders its own page, not the others.
  for (const auto* list : {&data.incidents, &data.maintenances}) {
    for (const auto& incident : *list) {
      b.put_keyed(
          "/incidents/" + incident.id, incident_page_inputs(data, context, incident),
          [&] { return render_incident(data, incident); }, kHtml, CachePolicy::kRevalidate, false);
    }
  }
  for (auto& [path, body] : render_api(data)) {
    b.put(path, std::move(body), kJson, CachePolicy::kRevalidate, true);
  }
  for (auto& feed : render_feeds(data)) {
    b.put(feed.path, std::move(feed.body), feed.content_type, CachePolicy::kRevalidate, true);
  }
  b.put(kNotFoundPath, render_not_found(data), kHtml, CachePolicy::kRevalidate, false);
  b.put("/webhooks", render_webhooks_doc(data), kHtml, CachePolicy::kRevalidate, false);
  b.put(kFaviconPath, kFavicon, "image/svg+xml", CachePolicy::kStatic, false);
  b.put(kStylesheetPath, std::string(stylesheet()), "text/css; charset=utf-8", CachePolicy::kStatic,
        false);
  // The brand's files, under content-hashed names (brand_assets.h).
  for (const auto& file : data.assets.files) {
    b.put(file.path, file.body, file.content_type.c_str(), CachePolicy::kImmutable, false);
  }
  // Badges and the widget are embedded on other sites: cached a minute there, then revalidated
  // with the ETag. A private page's answers are made private by the access gate
  // (public_routes.cpp), which also drops the CORS header.
  constexpr const char* kSvg = "image/svg+xml";
  b.put("/badge.svg", render_page_badge(data), kSvg, CachePolicy::kShort, false);
  for (const auto& c : data.components) {
    b.put("/components/" + c.id + "/badge.svg", render_component_badge(data, c), kSvg,
          CachePolicy::kShort, false);
  }
  b.put(kWidgetScriptPath, render_widget_script(data), "text/javascript; charset=utf-8",
        CachePolicy::kShort, false);
  // The iframe view holds the state itself, so it revalidates like the pages (a cheap 304).
  b.put(kWidgetPagePath, render_widget_page(data), kHtml, CachePolicy::kRevalidate, false);
  std::size_t blocks = 0;  // the snapshot holds one per extension with a block, in their order
  for (const auto& extension : extensions) {
    if (extension.block) {
      const DocumentBlock* before = nullptr;
      if (previous && blocks < previous->blocks().size()) {
        before = previous->blocks()[blocks].get();
      }
      auto made = extension.block(data, BlockRequest{context, base_path, before});
      snapshot->attach(std::move(made.block));
      snapshot->stats() += made.stats;
      ++blocks;
    }
    if (!extension.documents) continue;
    for (auto& doc : extension.documents(data)) {
      b.put(doc.path, std::move(doc.body), doc.content_type.c_str(), CachePolicy::kRevalidate,
            doc.cors);
    }
  }
  return snapshot;
}

}  // namespace pharos::site
