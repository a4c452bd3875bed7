#pragma once
// Renders the whole public site (pages, API documents, stylesheet) into one immutable Snapshot.
#include <memory>
#include <string_view>

#include "web/site/site_data.h"
#include "web/site/snapshot.h"

namespace pharos::web {

// Keys: "/", "/history", "/history?page=N", "/incidents/<id>", "/api/v2/…json",
// "/static/pharos.css". `previous` (may be null) lets unchanged documents keep their compressed
// bytes and Last-Modified, so a rebuild recompresses only what changed.
std::shared_ptr<Snapshot> build_snapshot(const SiteData& data, std::int64_t revision,
                                         const Snapshot* previous);

// The stylesheet (web/static/pharos.css), embedded in the binary at build time.
std::string_view stylesheet();

}  // namespace pharos::web
