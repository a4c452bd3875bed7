#pragma once
// The stores whose SQL implementation is private to its .cpp, made on a migrated database.
#include <memory>

#include "storage/cluster_store.h"
#include "storage/db/sql.h"
#include "storage/results_store.h"
#include "storage/template_store.h"
#include "storage/vendor_store.h"

namespace pharos::sql {

std::unique_ptr<ResultsStore> make_results_store(std::unique_ptr<db::Database> db);
std::unique_ptr<VendorStore> make_vendor_store(std::unique_ptr<db::Database> db);
std::unique_ptr<TemplateStore> make_template_store(std::unique_ptr<db::Database> db);
std::unique_ptr<ClusterStore> make_cluster_store(std::unique_ptr<db::Database> db);

}  // namespace pharos::sql
