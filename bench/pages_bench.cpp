// The site half of bench/pages_bench.sh (issue 20: several pages from one instance). How much
// more one rebuild of the public site costs with PAGES further pages than with the main page
// alone, in the same run, on the same store:
//
//   pages_bench DIR COMPONENTS INCIDENTS PAGES RUNS
//
// DIR gets a SQLite store with COMPONENTS components (ten per group) and INCIDENTS resolved
// incidents over the last 300 days, each on two components of neighbouring groups (so each is
// shown on one or two pages), and one open incident. Each further page shows COMPONENTS / PAGES
// components (a run of whole groups); every other page is in another time zone than the main
// page, so the data is loaded in two zones as a real install with mixed zones would.
//
// Each run posts an update to the open incident (one store change, as a person would make) and
// then times SiteCache::rebuild() of the reference (main page only) and of the cache with the
// pages, alternating which goes first. Prints one JSON line per run and the medians and their
// ratio.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_catalog.h"
#include "core/clock.h"
#include "core/log.h"
#include "incident/incident_service.h"
#include "site/site_cache.h"
#include "storage/store.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

using bench::cid;

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "pages_bench: %s: %s\n", what.c_str(), e.describe().c_str());
  return 1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int run(const std::string& dir, int components, int incidents, int pages, int runs) {
  const Instant now = Instant(Millis(1'800'057'600'000));
  FakeClock clock(now - std::chrono::days(301));
  auto store = open_store("sqlite:" + dir + "/pharos.db", clock);
  if (!store) return fail("open", store.error());
  Page page{"", "Bench", "https://status.bench.example", "Etc/UTC"};
  auto stored = (*store)->load_page(page);
  if (!stored) return fail("page", stored.error());
  page.id = stored->id;
  if (auto synced = bench::sync_bench_catalog(**store, page, components); !synced) {
    return fail("catalog", synced.error());
  }
  IncidentService service(**store, clock);
  for (int i = 0; i < incidents; ++i) {
    clock.set(now - std::chrono::days(300) + std::chrono::hours(24 * 300 * i / incidents));
    int a = (i * 7) % components, b = (a + 10) % components;
    NewIncident request;
    request.name = "Incident " + std::to_string(i);
    request.body = "We are looking into errors on **" + cid(a) + "**.";
    request.component_statuses = {{cid(a), ComponentStatus::kPartialOutage},
                                  {cid(b), ComponentStatus::kDegradedPerformance}};
    auto opened = service.open(request, "bench");
    if (!opened) return fail("open incident", opened.error());
    clock.set(clock.now() + 40min);
    if (auto done = service.resolve(opened->id, "Fixed.", "bench", "bench"); !done) {
      return fail("resolve", done.error());
    }
  }
  clock.set(now - 1h);
  NewIncident ongoing;
  ongoing.name = "Ongoing";
  ongoing.body = "Looking.";
  ongoing.component_statuses = {{cid(0), ComponentStatus::kMajorOutage}};
  auto open = service.open(ongoing, "bench");
  if (!open) return fail("open ongoing", open.error());
  clock.set(now);

  auto utc = *TimeZone::locate("Etc/UTC");
  auto berlin = *TimeZone::locate("Europe/Berlin");
  site::SiteCache reference(**store, page, utc, clock);
  site::SiteCache with_pages(**store, page, utc, clock);
  std::vector<site::PageScope> scopes;
  int per_page = std::max(1, components / std::max(1, pages));
  for (int p = 0; p < pages; ++p) {
    site::PageScope scope;
    scope.slug = "p" + std::to_string(p);
    scope.page = Page{"page" + std::to_string(p), "Page " + std::to_string(p),
                      page.url + "/p" + std::to_string(p), p % 2 ? "Europe/Berlin" : "Etc/UTC"};
    scope.zone = p % 2 ? berlin : utc;
    scope.base_path = "/p" + std::to_string(p);
    for (int k = p * per_page; k < (p + 1) * per_page && k < components; ++k) {
      scope.components.insert(cid(k));
    }
    scopes.push_back(std::move(scope));
  }
  with_pages.set_pages(std::move(scopes));
  // First builds: nothing to reuse yet; not timed.
  if (auto r = reference.rebuild(); !r) return fail("build", r.error());
  if (auto r = with_pages.rebuild(); !r) return fail("build", r.error());

  std::vector<double> ref_ms, pages_ms;
  for (int r = 0; r < runs; ++r) {
    clock.set(clock.now() + 1s);
    UpdateRequest update;
    update.body = "Still looking (" + std::to_string(r) + ").";
    if (auto posted = service.post_update(open->id, update, "bench"); !posted) {
      return fail("update", posted.error());
    }
    auto time = [](site::SiteCache& cache) -> Result<double> {
      auto started = Steady::now();
      PHAROS_TRY(cache.rebuild());
      return std::chrono::duration<double, std::milli>(Steady::now() - started).count();
    };
    auto first = r % 2 ? time(with_pages) : time(reference);
    auto second = r % 2 ? time(reference) : time(with_pages);
    if (!first) return fail("rebuild", first.error());
    if (!second) return fail("rebuild", second.error());
    double ref = r % 2 ? *second : *first, many = r % 2 ? *first : *second;
    ref_ms.push_back(ref);
    pages_ms.push_back(many);
    // What the main-only rebuild rendered and shared from the previous one (site_builder.h).
    auto stats = reference.last_build();
    std::printf(
        "{\"run\":%d,\"main_only_ms\":%.1f,\"with_pages_ms\":%.1f,\"main_rendered\":%zu,"
        "\"main_reused\":%zu}\n",
        r + 1, ref, many, stats.rendered, stats.reused);
  }
  double ref = median(ref_ms), many = median(pages_ms);
  std::printf(
      "{\"components\":%d,\"incidents\":%d,\"pages\":%d,\"runs\":%d,\"median_main_only_ms\":%.1f,"
      "\"median_with_pages_ms\":%.1f,\"ratio\":%.2f}\n",
      components, incidents, pages, runs, ref, many, ref > 0 ? many / ref : 0.0);
  return 0;
}

}  // namespace
}  // namespace pharos

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: pages_bench DIR COMPONENTS INCIDENTS PAGES RUNS\n");
    return 2;
  }
  pharos::log::set_level(pharos::log::Level::kWarn);  // no line per rebuild
  return pharos::run(argv[1], std::stoi(argv[2]), std::stoi(argv[3]), std::stoi(argv[4]),
                     std::stoi(argv[5]));
}
