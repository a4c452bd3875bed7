#pragma once
// The pages of config `pages:` as the parts of `pharos serve` and `pharos export-static` need
// them: the site's scopes (what each page shows, where it is mounted), which pages are private.
// Everything here is a function of the Config, so a reloaded config rebuilds it.
#include <vector>

#include "app/environment.h"
#include "auth/private_access.h"
#include "site/page_scope.h"

namespace pharos {

// One site::PageScope per entry of `pages:`, in file order; `main_page` gives the main page's
// id (ids of further pages are derived in the config). kInvalidArgument for a time zone the
// system does not know (the config checked it already).
Result<std::vector<site::PageScope>> page_scopes(const Config& config);

// Whether a page (slug; "" the main page) is private, for auth::private_page_check.
auth::PrivatePages private_pages(const Config& config);

// True when the main page or any page of `pages:` is private.
bool any_private_page(const Config& config);

}  // namespace pharos
