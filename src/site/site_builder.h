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

// A document another module contributes to the public site (feeds, for instance): rendered from
// the same SiteData on every rebuild and then served from memory like the built-in pages.
//
// A document may instead be given as `inputs` + `render` (the /vendors pages are): `inputs` hashes
// everything it is rendered from (site/fingerprint.h); when the previous build served the same
// path from the same inputs, its rendered and compressed bytes are reused and `render` is not
// called, so a rebuild renders only the documents a change touched.
struct SiteDocument {
  std::string path;  // "/history.atom"; a built-in path of the same name is replaced
  std::string body;
  std::string content_type;
  bool cors = false;
  std::string inputs = {};                   // empty: `body` as given, always
  std::function<std::string()> render = {};  // with `inputs`: makes the body when it changed
};
// What another module adds to the site on every rebuild. Every part is optional.
//
// Scenario: the app's vendor extension sets `contribute`, which appends the public vendors to
// SiteData::third_party; SiteCache runs every `contribute` on the freshly loaded data, then
// renders the built-in pages ("/" now shows "Third-party services") and then every `documents`
// (the /vendors pages) from that same data. web never sees the vendor module.
//
// Many documents (the /vendors pages) may instead come as one `block` the extension renders and
// keeps itself (DocumentBlock, site/snapshot.h): `context` is the page context (fingerprint.h) it
// must include in its inputs, `base_path` the prefix for its HTML links (prefix_links), and it
// returns the block for this page with what it rendered, reused and compressed.
struct BlockRequest {
  std::string_view context;
  std::string_view base_path;
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
// changed; documents with inputs (every incident page, the /vendors pages) whose inputs did not
// change are not even rendered: the previous build's entry is shared. The snapshot's stats() count
// both. `base_path` ("/internal"; empty for the main page): where the page is served, prefixed
// to the links of its HTML documents (site/page_scope.h); keys stay relative to the page.
std::shared_ptr<Snapshot> build_snapshot(const SiteData& data, std::int64_t revision,
                                         const Snapshot* previous,
                                         const std::vector<SiteExtension>& extensions = {},
                                         std::string_view base_path = {});

// The stylesheet (web/static/pharos.css), embedded in the binary at build time.
std::string_view stylesheet();

}  // namespace pharos::site
