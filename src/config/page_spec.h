#pragma once
// One status page this instance serves: the main `page:` or an entry of `pages:` (issue 20).
// Spec only: the site's per-page snapshots and the private-page checks are built from it by the
// app (app/pages.h), so a reloaded config can rebuild them.
#include <set>
#include <string>
#include <vector>

#include "domain/model.h"

namespace pharos {

struct PageSpec {
  Page page;  // name, public URL (the main page's URL + path unless given), time zone, id
  // Empty for the main page; otherwise [a-z0-9_-], unique: names the page in tokens
  // (`pharos token create --page`), subscribers and `pharos export-static --page`.
  std::string slug;
  // Where the page is served: "/internal" (one segment). Empty for the main page, served at "/".
  std::string path;
  // Host names (lowercase, without port) whose requests to "/" get this page.
  std::vector<std::string> hosts;
  // What it shows, as written: component ids, group ids (all their components) and vendor slugs.
  std::vector<std::string> components;
  std::vector<std::string> groups;
  std::vector<std::string> vendors;
  // access: private — every document of the page needs a read token allowed on it or an admin
  // session (docs/configuration.md).
  bool private_page = false;
  // The page's subscribe form offers webhooks.
  bool webhook_subscriptions = false;

  bool is_main() const { return slug.empty(); }

  bool operator==(const PageSpec&) const = default;
};

// The component ids a page shows: its `components` plus every member of its `groups`, for a
// catalog of `all` components (group ids of each in `Component::group_id`). The main page shows
// every component.
std::set<std::string> shown_components(const PageSpec& spec, const std::vector<Component>& all);

}  // namespace pharos
