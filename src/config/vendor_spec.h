#pragma once
// One third-party status page Pharos watches (the `vendors:` section of pharos.yaml).
// Spec only: the poller's runtime state lives in src/vendor_status.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pharos {

// How the vendor's page is read. kAuto decides from the response (JSON object: Statuspage v2;
// XML with <feed> or <rss>: the history feed; HTML: the page layouts the importer reads).
// kIncidentIo reads incident.io's Statuspage-compatible /api/v2; kHtml polls the URL as given
// and reads it as an HTML status page.
enum class VendorFormat { kAuto, kStatuspage, kInstatus, kIncidentIo, kAtom, kRss, kHtml };

// "auto", "statuspage", "instatus", "incidentio", "atom", "rss", "html".
std::string_view to_string(VendorFormat format);
std::optional<VendorFormat> parse_vendor_format(std::string_view text);

struct VendorSpec {
  std::string slug;  // [a-z0-9-], unique; names the vendor in URLs and in vendor:<slug>/<component>
  std::string name;  // display name; the slug when not given
  std::string url;   // the status page (https://status.example.com) or a document URL on it
  VendorFormat format = VendorFormat::kAuto;
  std::chrono::milliseconds interval{std::chrono::minutes(2)};
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  // The vendor's components that matter here, as the vendor spells them; empty: all of them.
  std::vector<std::string> components;
  // Shown in the "Third-party services" section of the public page "/" (its state and a link to
  // /vendors/<slug>). Off by default: which vendors a service relies on is the operator's to tell.
  bool is_public = false;

  bool operator==(const VendorSpec&) const = default;
};

}  // namespace pharos
