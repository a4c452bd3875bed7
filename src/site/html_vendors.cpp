#include "site/html_vendors.h"

#include <algorithm>

#include "core/duration.h"
#include "site/fingerprint.h"
#include "site/html_common.h"
#include "site/page_scope.h"

namespace pharos::site {
namespace {

using namespace html;

constexpr const char* kHtml = "text/html; charset=utf-8";

std::string vendor_path(const VendorView& v) { return "/vendors/" + v.slug; }
std::string incident_path(const VendorView& v, const Incident& i) {
  return vendor_path(v) + "/incidents/" + i.id;
}

bool linkable(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

std::string source_link(const std::string& url) {
  if (!linkable(url)) return {};
  return " <a class=\"source\" href=\"" + html_escape(url) +
         "\" rel=\"noopener nofollow\">View vendor source →</a>";
}

// Detection time minus the vendor's start: how long after the vendor's own start Pharos saw it.
// None for an incident already resolved when first seen (history read on the first poll).
std::optional<Seconds> lag(const Incident& i) {
  if (!i.detected_at) return std::nullopt;
  if (i.resolved_at && *i.resolved_at <= *i.detected_at) return std::nullopt;
  return std::chrono::floor<Seconds>(*i.detected_at - i.started_at);
}

std::string lag_text(Seconds d) {
  if (d.count() < 0) return format_duration_short(-d) + " before the vendor's start time";
  return format_duration_short(d) + " after the vendor's start time";
}

std::string health_line(const VendorView& v) {
  return "<p class=\"vendor-health " + std::string(v.healthy ? "ok" : "error") + "\">" +
         html_escape(v.health) + "</p>";
}

std::string open_count(const VendorView& v) {
  auto open = std::count_if(v.listed().begin(), v.listed().end(),
                            [](const Incident& i) { return i.active(); });
  if (open == 0) return "No open incidents";
  return std::to_string(open) + " open incident" + (open == 1 ? "" : "s");
}

std::string incident_row(const SiteData& data, const VendorView& v, const Incident& i) {
  return "<li><a href=\"" + incident_path(v, i) + "\">" + html_escape(i.name) + "</a> " +
         impact_badge(data, i.impact) + " " + status_badge(data, i.status) +
         " <span class=\"when\">" + time_tag(data, i.started_at) + "</span></li>\n";
}

std::string render_index_page(const SiteData& data, const std::vector<VendorView>& vendors) {
  std::string main = "<h1>Third-party services</h1>\n<ul class=\"vendors\">\n";
  for (const auto& v : vendors) {
    main += "<li><a href=\"" + vendor_path(v) + "\">" + html_escape(v.name) + "</a> — " +
            open_count(v) + health_line(v) + "</li>\n";
  }
  if (vendors.empty()) main += "<li>No vendors are configured.</li>\n";
  return layout(data, "Third-party services · " + data.page.name + " Status", main + "</ul>\n");
}

std::string lag_summary(const VendorView& v) {
  std::vector<Seconds> lags;
  for (const auto& i : v.listed()) {
    if (auto l = lag(i); l && !i.is_maintenance()) lags.push_back(*l);
  }
  if (lags.empty()) return {};
  std::sort(lags.begin(), lags.end());
  return "<p class=\"lag\">Median detection by Pharos: " +
         html_escape(lag_text(lags[lags.size() / 2])) + " (" + std::to_string(lags.size()) +
         " incident" + (lags.size() == 1 ? "" : "s") + ")</p>\n";
}

// CDN (Edge) · Partial outage · since 12:02 (as Pharos saw it change)
std::string components_section(const SiteData& data, const VendorView& v) {
  if (v.components.empty() && v.components_problem.empty()) return {};
  std::string out =
      "<section aria-labelledby=\"components-h\"><h2 id=\"components-h\">"
      "Components</h2>\n";
  if (!v.components_problem.empty()) {
    out += "<p class=\"vendor-health error\">Component statuses could not be read: " +
           html_escape(v.components_problem) + "</p>\n";
  }
  out += "<ul class=\"vendor-components\">\n";
  for (const auto& c : v.components) {
    out += "<li class=\"s-" + std::string(status_class(c.status)) + "\"><span class=\"name\">" +
           html_escape(c.name) + "</span>";
    if (!c.group.empty()) out += " <span class=\"group\">(" + html_escape(c.group) + ")</span>";
    out += " " + status_pill(data, c.status) + " <span class=\"when\">since " +
           time_tag(data, c.changed_at) + "</span></li>\n";
  }
  return out + "</ul></section>\n";
}

std::string render_vendor_page(const SiteData& data, const VendorView& v) {
  std::string main =
      "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/vendors\">"
      "Third-party services</a> › " +
      html_escape(v.name) + "</nav>\n";
  main += "<h1>" + html_escape(v.name) + "</h1>\n<p class=\"badges\">" + open_count(v) +
          source_link(v.page_url) + "</p>\n" + health_line(v);
  if (v.last_success) main += "<p>Last read " + time_tag(data, *v.last_success) + "</p>\n";
  main += lag_summary(v) + components_section(data, v) +
          "<h2>Incidents</h2>\n<ul class=\"vendor-incidents\">\n";
  for (const auto& i : v.listed()) main += incident_row(data, v, i);
  if (v.listed().empty()) main += "<li>No incidents recorded yet.</li>\n";
  return layout(data, v.name + " · Third-party services", main + "</ul>\n");
}

std::string fact(const char* term, const std::string& value) {
  return "<div><dt>" + std::string(term) + "</dt><dd>" + value + "</dd></div>";
}

std::string facts(const SiteData& data, const Incident& i) {
  std::string out = "<dl class=\"facts\">";
  out += fact("Started", time_tag(data, i.started_at));
  out += fact("Resolved", i.resolved_at ? time_tag(data, *i.resolved_at) : "Ongoing");
  auto lasted = i.duration();
  out += fact("Duration", lasted ? format_duration_short(*lasted) : "Ongoing");
  out += fact("Detected", i.detected_at ? time_tag(data, *i.detected_at) + " by Pharos"
                                        : std::string("Not recorded"));
  if (auto l = lag(i)) out += fact("Detection", html_escape(lag_text(*l)));
  return out + "</dl>\n";
}

std::string render_vendor_incident(const SiteData& data, const VendorView& v, const Incident& i) {
  std::string main =
      "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/vendors\">"
      "Third-party services</a> › <a href=\"" +
      vendor_path(v) + "\">" + html_escape(v.name) + "</a> › Incident</nav>\n";
  main += "<article class=\"incident-page\"><p class=\"vendor-name\">" + html_escape(v.name) +
          " incident</p><h1>" + html_escape(i.name) + "</h1>\n<p class=\"badges\">" +
          impact_badge(data, i.impact) + " " + status_badge(data, i.status) +
          source_link(i.source_url) + "</p>\n" + facts(data, i);
  if (!i.external_components.empty()) {
    main += "<section><h2>Affected components</h2><ul class=\"affected\">";
    for (const auto& c : i.external_components)
      main += "<li><span>" + html_escape(c) + "</span></li>";
    main += "</ul></section>\n";
  }
  main += timeline(data, i);
  if (i.postmortem) {
    main += "<section class=\"postmortem\"><h2>Postmortem</h2>" +
            markdown_block(i.postmortem->body) + "</section>\n";
  }
  return layout(data, i.name + " · " + v.name, main + "</article>\n");
}

std::int64_t as_number(auto value) { return static_cast<std::int64_t>(value); }

// What "/vendors" shows of each vendor.
std::string index_inputs(const std::vector<VendorView>& vendors) {
  Fingerprint f;
  for (const auto& v : vendors) {
    f.add(v.slug).add(v.name).add(open_count(v)).add(as_number(v.healthy)).add(v.health);
  }
  return f.hex();
}

std::string vendor_inputs(const VendorView& v) {
  Fingerprint f;
  f.add(v.slug).add(v.name).add(v.page_url).add(as_number(v.healthy)).add(v.health);
  f.add(v.last_success).add(v.components_problem).add(as_number(v.components.size()));
  for (const auto& c : v.components) {
    f.add(c.slug).add(c.component_id).add(c.name).add(c.group).add(as_number(c.status));
    f.add(c.vendor_updated_at).add(c.changed_at);
  }
  f.add(as_number(v.listed().size()));
  if (v.kept_incidents) {
    f.add(v.kept_list_hash);
  } else {
    for (const auto& i : v.incidents) add_incident(f, i);
  }
  return f.hex();
}

std::string vendor_incident_inputs(const VendorView& v, std::size_t index) {
  Fingerprint f;
  f.add(v.slug).add(v.name);
  if (v.kept_incidents && v.kept_incident_hashes) {
    f.add((*v.kept_incident_hashes)[index]);
  } else {
    add_incident(f, v.listed()[index]);
  }
  return f.hex();
}

}  // namespace

struct VendorBlock::Pages {
  std::string inputs;  // of the vendor page; the incident pages' are in their entries
  std::vector<std::pair<std::string, Snapshot::Entry>> documents;  // the vendor page first
};

const Resource* VendorBlock::find(std::string_view key) const {
  if (key == index_key_) return index_.resource.get();
  constexpr std::string_view kPrefix = "/vendors/";
  if (!key.starts_with(kPrefix)) return nullptr;
  std::string_view slug = key.substr(kPrefix.size());
  slug = slug.substr(0, slug.find('/'));
  auto at = positions_->find(slug);
  if (at == positions_->end()) return nullptr;
  for (const auto& [path, entry] : pages_[at->second]->documents) {
    if (path == key) return entry.resource.get();
  }
  return nullptr;
}

void VendorBlock::for_each(
    const std::function<void(const std::string& key, const Resource&)>& visit) const {
  visit(index_key_, *index_.resource);
  for (const auto& pages : pages_) {
    for (const auto& [path, entry] : pages->documents) visit(path, *entry.resource);
  }
}

// Makes a block's parts, sharing what `previous` made from the same inputs.
struct VendorBlockMaker {
  const SiteData& data;
  const BlockRequest& request;
  BuildStats stats;

  // A rendered (or the previous, when its inputs are the same) entry for one document.
  template <typename Render>
  Snapshot::Entry entry(std::string inputs, const Snapshot::Entry* before, Render&& render) {
    if (before && before->inputs == inputs) {
      ++stats.reused;
      return *before;
    }
    std::string body = render();
    if (!request.base_path.empty()) body = prefix_links(body, request.base_path);
    bool compressed = false;
    auto resource = std::make_shared<const Resource>(
        make_resource(std::move(body), kHtml, data.now, CachePolicy::kRevalidate, false,
                      before ? before->resource.get() : nullptr, &compressed));
    ++stats.rendered;
    if (compressed) ++stats.compressed;
    return Snapshot::Entry{std::move(resource), std::move(inputs)};
  }

  std::shared_ptr<const VendorBlock::Pages> pages(
      const VendorView& v, const std::shared_ptr<const VendorBlock::Pages>& before) {
    std::string inputs = std::string(request.context) + vendor_inputs(v);
    if (before && before->inputs == inputs) {
      stats.reused += before->documents.size();
      return before;
    }
    auto made = std::make_shared<VendorBlock::Pages>();
    const Snapshot::Entry* page_before = before ? &before->documents.front().second : nullptr;
    Snapshot::Entry page = entry(inputs, page_before, [&] { return render_vendor_page(data, v); });
    made->inputs = std::move(inputs);
    made->documents.reserve(1 + v.listed().size());
    made->documents.emplace_back(vendor_path(v), std::move(page));
    const auto& listed = v.listed();
    for (std::size_t n = 0; n < listed.size(); ++n) {
      std::string path = incident_path(v, listed[n]);
      const Snapshot::Entry* incident_before = nullptr;
      if (before) {
        for (const auto& [p, e] : before->documents) {
          if (p == path) incident_before = &e;
        }
      }
      Snapshot::Entry e =
          entry(std::string(request.context) + vendor_incident_inputs(v, n), incident_before,
                [&] { return render_vendor_incident(data, v, listed[n]); });
      made->documents.emplace_back(std::move(path), std::move(e));
    }
    return made;
  }

  std::shared_ptr<const VendorBlock> block_of(const std::vector<VendorView>& vendors,
                                              const VendorBlock* previous) {
    auto block = std::make_shared<VendorBlock>();
    block->index_ = entry(std::string(request.context) + index_inputs(vendors),
                          previous ? &previous->index_ : nullptr,
                          [&] { return render_index_page(data, vendors); });
    // The slug index is shared while the list of vendors stays the same (it does, but for a
    // config reload or a page's scope).
    bool same_list = previous && previous->pages_.size() == vendors.size();
    for (std::size_t n = 0; same_list && n < vendors.size(); ++n) {
      auto at = previous->positions_->find(vendors[n].slug);
      same_list = at != previous->positions_->end() && at->second == n;
    }
    if (same_list) {
      block->positions_ = previous->positions_;
    } else {
      auto positions = std::make_shared<VendorBlock::Positions>();
      for (std::size_t n = 0; n < vendors.size(); ++n) positions->emplace(vendors[n].slug, n);
      block->positions_ = std::move(positions);
    }
    block->pages_.reserve(vendors.size());
    block->size_ = 1;
    for (std::size_t n = 0; n < vendors.size(); ++n) {
      std::shared_ptr<const VendorBlock::Pages> before;
      if (previous) {
        auto at = previous->positions_->find(vendors[n].slug);
        if (at != previous->positions_->end()) before = previous->pages_[at->second];
      }
      block->pages_.push_back(pages(vendors[n], before));
      block->size_ += block->pages_.back()->documents.size();
    }
    return block;
  }
};

VendorBlockBuild vendor_block(const SiteData& data, const std::vector<VendorView>& vendors,
                              const BlockRequest& request, const VendorBlock* previous) {
  VendorBlockMaker maker{data, request, {}};
  auto block = maker.block_of(vendors, previous);
  return {std::move(block), maker.stats};
}

}  // namespace pharos::site
