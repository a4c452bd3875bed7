#pragma once
// A store for a test, on any engine: opened on a URL (by default a new SQLite file in a temporary
// directory the fixture removes), its page loaded and a catalog synced, as `pharos serve` does
// at start. Use it instead of building a store by hand:
//   testing::StoreFixture db_;
//   auto store = db_.open(clock_, page, groups, {testing::component("api", "API")});
//   ASSERT_TRUE(store.ok()) << store.error().describe();
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"
#include "support/fake_store.h"
#include "support/temp_dir.h"

namespace pharos::testing {

// A component for a test catalog.
Component component(std::string id, std::string name, std::string group = "", int position = 0,
                    std::vector<std::string> depends_on = {});

class StoreFixture {
 public:
  // No database: open() gives FakeStores (fake_store.h) sharing one in-memory data set.
  static constexpr const char* kFake = "fake:";

  // `url` names the database ("sqlite:…", "postgres://…" or kFake); "" is "sqlite:" +
  // file("pharos.db").
  explicit StoreFixture(std::string url = "");

  const std::string& url() const { return url_; }
  // A path in the fixture's temporary directory.
  std::string file(const std::string& name) const { return dir_.file(name); }
  const TempDir& dir() const { return dir_; }

  // Opens a store on url() (`clock` must outlive it), migrated, with nothing loaded.
  Result<std::unique_ptr<Store>> open(const Clock& clock);
  // Opens a store on url() (`clock` must outlive it), loads `page` (its id set from the stored
  // page) and syncs `groups` and `components` into it.
  Result<std::unique_ptr<Store>> open(const Clock& clock, Page& page,
                                      const std::vector<ComponentGroup>& groups = {},
                                      const std::vector<Component>& components = {});

 private:
  TempDir dir_;
  std::string url_;
  std::unique_ptr<FakeStore> fake_;  // with kFake: the data every open() shares
};

}  // namespace pharos::testing
