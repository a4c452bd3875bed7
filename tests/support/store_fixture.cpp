#include "support/store_fixture.h"

namespace pharos::testing {

Component component(std::string id, std::string name, std::string group, int position,
                    std::vector<std::string> depends_on) {
  Component c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.group_id = std::move(group);
  c.position = position;
  c.depends_on = std::move(depends_on);
  return c;
}

StoreFixture::StoreFixture(std::string url)
    : url_(url.empty() ? "sqlite:" + dir_.file("pharos.db") : std::move(url)) {}

Result<std::unique_ptr<Store>> StoreFixture::open(const Clock& clock) {
  if (url_ != kFake) return open_store(url_, clock);
  if (!fake_) fake_ = std::make_unique<FakeStore>(clock);
  return std::unique_ptr<Store>(fake_->share(clock));
}

Result<std::unique_ptr<Store>> StoreFixture::open(const Clock& clock, Page& page,
                                                  const std::vector<ComponentGroup>& groups,
                                                  const std::vector<Component>& components) {
  auto store = open(clock);
  if (!store) return store.error();
  auto stored = (*store)->load_page(page);
  if (!stored) return stored.error();
  page.id = stored->id;
  PHAROS_TRY((*store)->sync_catalog(page, groups, components));
  return store;
}

}  // namespace pharos::testing
