#pragma once
// The pages of config `pages:` as the parts of `pharos serve` and `pharos export-static` need
// them: the site's scopes (what each page shows, where it is mounted), which pages are private.
// Everything here is a function of the Config, so a reloaded config rebuilds it.
#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/environment.h"
#include "auth/auth_service.h"
#include "auth/private_access.h"
#include "site/page_scope.h"

namespace pharos {

// One site::PageScope per entry of `pages:`, in file order; `main_page` gives the main page's
// id (ids of further pages are derived in the config). kInvalidArgument for a time zone the
// system does not know (the config checked it already).
Result<std::vector<site::PageScope>> page_scopes(const Config& config);

// The main page and every page of `pages:`, as users and tokens may be limited to them.
std::vector<auth::PageChoice> page_choices(const Config& config);

// Which pages are private in the config in force, read by the access check of every request and
// replaced whole by a reload (serve.cpp). Readers see the old set or the new one, never a mix:
// one atomic shared_ptr load per request to a page while some page is private, one
// atomic bool load (acquire) while none is.
class PrivatePageSet {
 public:
  explicit PrivatePageSet(const Config& config) { set(config); }

  // Replaces the set with `config`'s private pages.
  void set(const Config& config);
  // Adds `config`'s private pages to the current ones. A reload widens before it swaps the
  // site's pages and narrows (set) after, so a page turning private is never served openly with
  // its new content, whatever a request thread sees in between.
  void widen(const Config& config);
  // Whether `slug` ("" the main page) is private now. Thread-safe.
  bool contains(std::string_view slug) const;
  // `contains` as an auth::PrivatePages; `this` must outlive it.
  auth::PrivatePages predicate() const {
    return [this](std::string_view slug) { return contains(slug); };
  }

 private:
  using Slugs = std::set<std::string, std::less<>>;
  void store(Slugs slugs);

  std::atomic<bool> any_{false};
  std::atomic<std::shared_ptr<const Slugs>> slugs_;
};

}  // namespace pharos
