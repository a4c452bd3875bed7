#pragma once
// Adapts the vendor poller's health and the stored vendor incidents into the /vendors pages
// (site::vendor_block, one block per page) and, for vendors configured `public: true`, into the
// "Third-party services" section of "/" (SiteData::third_party), as a SiteCache extension.
#include <vector>

#include "config/vendor_spec.h"
#include "site/site_builder.h"
#include "storage/store.h"
#include "storage/vendor_store.h"
#include "vendor_status/poller.h"

namespace pharos::vendor_status {

// `store`, `poller` and `state` (optional: the vendors' component statuses) must outlive the
// extension. Rendered on each site rebuild (the store
// changed, or a minute passed while an incident is open): a vendor's health on the page can lag
// its in-memory state until then.
site::SiteExtension vendor_site_extension(Store& store, std::vector<VendorSpec> specs,
                                          VendorPoller& poller, VendorStore* state = nullptr);

}  // namespace pharos::vendor_status
