#pragma once
// Moving an installation between databases: `pharos store copy --from URI --to URI`.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace pharos {

struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

// Copies every table of the database at `from` into the one at `to` (either sqlite:<path> or
// postgres://…), ids and times kept, in one transaction on the target: it holds all of the
// source or, on any error, what it held before. Both are migrated first; the source must not be
// of a newer schema than this Pharos. A target that already holds data is refused (kConflict
// naming `to`) unless `force`, which replaces it. Stop Pharos on the source while copying: rows
// written meanwhile may be missed. Returns the rows copied per table, in copy order.
Result<std::vector<TableCount>> copy_store(const std::string& from, const std::string& to,
                                           bool force);

namespace db {
class Connection;
}
// The tables of the database on `conn` that copy_store would leave behind (none, when the copy
// order names every table the migrations create).
Result<std::vector<std::string>> unknown_tables(db::Connection& conn);

}  // namespace pharos
