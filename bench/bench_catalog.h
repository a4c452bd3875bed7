#pragma once
// The generated catalog the page and report benches share: components c0, c1, … in groups of ten
// (g0, g1, …), so both measure a status page of the same shape.
#include <string>
#include <vector>

#include "storage/store.h"

namespace pharos::bench {

inline std::string cid(int k) { return "c" + std::to_string(k); }
inline std::string gid(int k) { return "g" + std::to_string(k / 10); }

// Stores `components` components (and their groups) as the catalog of `page`.
inline Result<void> sync_bench_catalog(Store& store, const Page& page, int components) {
  std::vector<ComponentGroup> groups;
  std::vector<Component> list;
  for (int k = 0; k < components; ++k) {
    if (k % 10 == 0) groups.push_back({gid(k), "Group " + gid(k), "", k / 10 + 1});
    Component c;
    c.id = cid(k);
    c.name = "Component " + std::to_string(k);
    c.group_id = gid(k);
    c.position = k % 10 + 1;
    list.push_back(c);
  }
  return store.sync_catalog(page, groups, list);
}

}  // namespace pharos::bench
