#pragma once
// The history feeds: /history.atom (Atom 1.0) and /history.rss (RSS 2.0), one entry per incident
// or maintenance update, newest first; and the same per component at
// /components/<id>/history.atom|rss. Entry content is the Statuspage per-update HTML
// (FORMATS.md §3): <p><small>MMM <var data-var='date'>D</var>, <var data-var='time'>HH:MM</var>
// TZ</small><br><strong>Label</strong> - body</p>, body rendered from Markdown (safe).
#include <string>
#include <utility>
#include <vector>

#include "site/site_data.h"

namespace pharos::site {

// How many updates a feed lists.
inline constexpr std::size_t kFeedEntries = 100;

// (path, body, content type) for every feed of the site.
struct FeedDocument {
  std::string path;
  std::string body;
  const char* content_type;
};
std::vector<FeedDocument> render_feeds(const SiteData& data);

}  // namespace pharos::site
