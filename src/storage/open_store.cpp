#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"

namespace pharos {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const Clock& clock) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) return Error::invalid("sqlite: needs a file path (sqlite:data/pharos.db)", "storage");
    auto store = sqlite::SqliteStore::open(path, clock);
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return Error::invalid("the PostgreSQL backend is not available in this build yet; use "
                          "storage: sqlite:<path>", "storage");
  }
  return Error::invalid("unknown storage '" + url + "'; use sqlite:<path> or postgres://…",
                        "storage");
}

}  // namespace pharos
