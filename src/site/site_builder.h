#pragma once
// Renders the whole public site (pages, API documents, stylesheet) into one immutable Snapshot.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "site/site_data.h"
#include "site/snapshot.h"

namespace pharos::site {

// A document another module contributes to the public site: rendered from the same SiteData on
// every rebuild and then served from memory like the built-in pages.
struct SiteDocument {
  std::string path;  // "/history.atom"; a built-in path of the same name is replaced
  std::string body;
  std::string content_type;
  bool cors = false;
};
// What another module adds to the site on every rebuild. Every part is optional.
//
// Scenario: the app's vendor extension sets `contribute`, which appends the public vendors to
// SiteData::third_party; SiteCache runs every `contribute` on the freshly loaded data, then
// renders the built-in pages ("/" now shows "Third-party services") and then its `block` (the
// /vendors pages) from that same data. web never sees the vendor module.
//
// Many documents may come as one `block` the extension renders (DocumentBlock, site/snapshot.h):
// `context` is the page context (fingerprint.h) it must include in its inputs, `base_path` the
// prefix for its HTML links (prefix_links), `previous` the block it made for the same page in the
// build before (null for the first), whose unchanged documents it may hand over as they are. It
// returns the block for this page with what it rendered, reused and compressed.
struct BlockRequest {
  std::string_view context;
  std::string_view base_path;
  const DocumentBlock* previous = nullptr;
};
struct BlockBuild {
  std::shared_ptr<const DocumentBlock> block;
  BuildStats stats;
};
struct SiteExtension {
  std::function<void(SiteData&)> contribute;
  std::function<std::vector<SiteDocument>(const SiteData&)> documents;
  std::function<BlockBuild(const SiteData&, const BlockRequest&)> block = {};
};

// Keys: "/", "/history", "/history?page=N", "/incidents/<id>", "/api/v2/…json",
// "/static/pharos.css", plus whatever `extensions` render. `previous` (may be null) lets unchanged
// documents keep their compressed bytes and Last-Modified, so a rebuild recompresses only what
// changed; documents with inputs (every incident page, /uptime, the extensions' blocks) whose
// inputs did not change are not even rendered: the previous build's entry is shared. The snapshot's
// stats() count both. `base_path` ("/internal"; empty for the main page): where the page is served,
// prefixed to the links of its HTML documents (site/page_scope.h); keys stay relative to the page.
std::shared_ptr<Snapshot> build_snapshot(const SiteData& data, std::int64_t revision,
                                         const Snapshot* previous,
                                         const std::vector<SiteExtension>& extensions = {},
                                         std::string_view base_path = {});

// The stylesheet (web/static/pharos.css), embedded in the binary at build time.
std::string_view stylesheet();

}  // namespace pharos::site
