#pragma once
// Several pages from one instance (issue 20): the main page shows the whole catalog; each further
// page shows part of it. A further page's SiteData is the main data filtered to its scope, so the
// store is read once per rebuild (once per distinct time zone), never once per page, and the
// renderers stay the ones the main page uses.
//
//   all data ──scope_site_data(all, {components: api, db; vendors: aws})──► the page's SiteData:
//   only those components (and the groups holding them), only the incidents and maintenances that
//   touch one of them (listing only those), only those vendors' third-party rows and pages.
//
// A page is mounted at a path ("/internal") and optionally on host names; its HTML links are
// root-relative like the main page's and get the path prefixed once, in build_snapshot.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "site/site_data.h"
#include "web/http.h"

namespace pharos::site {

struct PageScope {
  std::string slug;  // names the page (tokens, subscribers, export-static --page)
  Page page;         // its name, URL (feeds and /api/v2 link to it) and id
  TimeZone zone = TimeZone::utc();
  std::string base_path;             // "/internal": where it is served; its links start with it
  std::vector<std::string> hosts;    // lowercase; requests with such a Host get it at "/"
  std::set<std::string> components;  // component ids shown (groups already expanded)
  std::set<std::string> vendors;     // vendor slugs shown
  SubscribeChannels subscribe;       // what its subscribe form offers
};

// `all` (the main page's data, loaded in `scope.zone`) reduced to what `scope` shows.
SiteData scope_site_data(const SiteData& all, const PageScope& scope);

// `html` with every root-relative link (href="/…", action="/…", src="/…") prefixed with `base`,
// except the shared assets under /static/. Renderers write links for a page served at "/".
std::string prefix_links(std::string_view html, std::string_view base);

// Which page a request is for, and the path within that page.
struct PageTarget {
  std::string slug;  // empty: the main page
  std::string path;  // "/history" for "/internal/history"
};

// A page as the router sees it.
struct PageMount {
  std::string slug;
  std::string base_path;
  std::vector<std::string> hosts;
};

// A path under a page's base path ("/internal", "/internal/…") is that page's, whatever the Host;
// otherwise a request whose Host (port left out, any case) is one of a page's hosts is that
// page's; everything else is the main page's.
PageTarget resolve_page(const std::vector<PageMount>& mounts, const web::Request& request);

}  // namespace pharos::site
