#pragma once
// Which store revisions were the vendor poller's own writes, and for which vendor, so the
// /vendors pages re-read from the store only the vendors that changed (vendor_site.h).
//
// Scenario: the site was built at revision 40. The poller saves an incident of "acme"
// (revision 40 → 41) and one of "zeta" (41 → 42); the site rebuilds at 42: explain(40, 42) is
// {acme, zeta}, so only those two vendors' incidents are read again and their pages rendered.
// Had anything else written meanwhile (an admin's incident, another node's vendor poll, the CLI),
// a revision in the range would be nobody's here and explain() answers nullopt: every vendor is
// read again, as a full rebuild would. A write is attributed only when the revision moved by
// exactly one across it (a save bumps it exactly once), so a concurrent writer is never mistaken
// for the poller.
//
// The vendor components live in the VendorStore, which has no revision: the poller marks a
// vendor when it replaced its components, and the next build reads those vendors' components.
//
// Thread-safe: written on the poller's thread, read on the site's.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace pharos::vendor_status {

class VendorWriteLog {
 public:
  // Revisions older than the newest this many are forgotten (a range reaching them is unexplained).
  static constexpr std::size_t kKeep = 4096;

  // The poller wrote `slug`'s incidents in one save that moved the revision from `before` to
  // `after` (as read just before and after it). Recorded only when after == before + 1.
  void saved(const std::string& slug, std::int64_t before, std::int64_t after);
  // The vendors whose incidents changed in revisions (from, to]; nullopt when a revision in that
  // range is not one the poller recorded.
  std::optional<std::set<std::string>> explain(std::int64_t from, std::int64_t to) const;

  // The poller replaced `slug`'s stored components.
  void components_written(const std::string& slug);
  // The vendors marked since the last call (the marks are cleared).
  std::set<std::string> take_components_written();

 private:
  mutable std::mutex mu_;
  std::map<std::int64_t, std::string> by_revision_;
  std::set<std::string> components_;
};

}  // namespace pharos::vendor_status
