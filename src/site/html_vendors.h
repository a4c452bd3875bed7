#pragma once
// The /vendors pages: the third-party status pages Pharos watches, each with its poll health and
// the vendor incidents it recorded (source = vendor). Pure functions of plain values: web does not
// see the vendor module; app adapts the poller's health into VendorView.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "site/site_builder.h"
#include "site/site_data.h"
#include "storage/vendor_store.h"

namespace pharos::site {

struct VendorView {
  std::string slug;
  std::string name;
  std::string page_url;  // the vendor's own status page ("View vendor source →")
  bool healthy = true;   // the last poll was read
  std::string health;    // "ok", "source unreachable since … (HTTP 503)", "not polled yet"
  std::optional<Instant> last_success;
  std::vector<Incident> incidents;  // this vendor's stored incidents, newest first
  // Instead of `incidents`, for a caller that keeps the list between builds (no copy per build),
  // with what it computed when it read the list: the add_incident hash (site/fingerprint.h) of
  // the whole list and of each incident in list order.
  std::shared_ptr<const std::vector<Incident>> kept_incidents;
  std::string kept_list_hash;
  std::shared_ptr<const std::vector<std::string>> kept_incident_hashes;

  const std::vector<Incident>& listed() const {
    return kept_incidents ? *kept_incidents : incidents;
  }
  // The vendor's components as last read (those the spec lists), in the vendor's order; empty
  // for formats without components.
  std::vector<VendorComponentStatus> components;
  std::string components_problem;  // why the components could not be read lately; empty if fine
};

// "/vendors" (every vendor's current state), "/vendors/<slug>" (health, lag summary, the
// vendor's component statuses with when Pharos saw each change, incidents)
// and "/vendors/<slug>/incidents/<id>" (the layout of seeds 000/002: "Detected by Pharos",
// "View vendor source →", the lead or lag between the vendor's start and Pharos's detection).
// All of them as one DocumentBlock (site/snapshot.h), made from the previous block of the same
// page (null for the first): each vendor whose inputs did not change keeps its pages as they were
// (one pointer, nothing rendered or compressed), a changed vendor renders its page and only the
// incident pages whose inputs changed. `request` as given to SiteExtension::block. Immutable once
// made.
class VendorBlock final : public DocumentBlock {
 public:
  struct Pages;  // one vendor's pages, shared by the blocks in which it did not change
  const Resource* find(std::string_view key) const override;
  void for_each(
      const std::function<void(const std::string& key, const Resource&)>& visit) const override;
  std::size_t size() const override { return size_; }

 private:
  friend struct VendorBlockMaker;
  struct SlugHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // slug → position in pages_; shared by consecutive blocks while the list of vendors is the same.
  using Positions = std::unordered_map<std::string, std::size_t, SlugHash, std::equal_to<>>;
  std::string index_key_ = "/vendors";
  Snapshot::Entry index_;  // "/vendors"
  std::shared_ptr<const Positions> positions_;
  std::vector<std::shared_ptr<const Pages>> pages_;
  std::size_t size_ = 0;
};
struct VendorBlockBuild {
  std::shared_ptr<const VendorBlock> block;
  BuildStats stats;
};
VendorBlockBuild vendor_block(const SiteData& data, const std::vector<VendorView>& vendors,
                              const BlockRequest& request, const VendorBlock* previous);

}  // namespace pharos::site
