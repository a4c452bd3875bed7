#pragma once
// Renders the whole public site (pages, API documents, stylesheet) into one immutable Snapshot.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "web/site/site_data.h"
#include "web/site/snapshot.h"

namespace pharos::web {

// A document another module contributes to the public site (feeds, for instance): rendered from
// the same SiteData on every rebuild and then served from memory like the built-in pages.
struct SiteDocument {
  std::string path;  // "/history.atom"; a built-in path of the same name is replaced
  std::string body;
  std::string content_type;
  bool cors = false;
};
using SiteExtension = std::function<std::vector<SiteDocument>(const SiteData&)>;

// Keys: "/", "/history", "/history?page=N", "/incidents/<id>", "/api/v2/…json",
// "/static/pharos.css", plus whatever `extensions` render. `previous` (may be null) lets unchanged
// documents keep their compressed bytes and Last-Modified, so a rebuild recompresses only what
// changed.
std::shared_ptr<Snapshot> build_snapshot(const SiteData& data, std::int64_t revision,
                                         const Snapshot* previous,
                                         const std::vector<SiteExtension>& extensions = {});

// The stylesheet (web/static/pharos.css), embedded in the binary at build time.
std::string_view stylesheet();

}  // namespace pharos::web
