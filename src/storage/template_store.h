#pragma once
// Reusable incident templates for the admin composer: a name to pick it by and the values it
// fills in (incident name, status, impact, Markdown body). Kept in the same database as the
// incidents (migration 9), on their own connection.
//
// Contract (as for Store): each method is one transaction; methods are thread-safe.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/status.h"

namespace pharos {

struct IncidentTemplate {
  std::string id;
  std::string name;  // what people pick it by, unique
  IncidentKind kind = IncidentKind::kIncident;
  std::string title;   // the incident's name to fill in
  std::string status;  // an IncidentStatus name, or empty
  std::string impact;  // an Impact name, or empty (derived)
  std::string body;    // Markdown
  Instant updated_at{};
};

class TemplateStore {
 public:
  virtual ~TemplateStore() = default;
  // By name.
  virtual Result<std::vector<IncidentTemplate>> list_templates() = 0;
  virtual Result<std::optional<IncidentTemplate>> find_template(const std::string& id) = 0;
  // Inserts or replaces by id. kAlreadyExists when another template has the name.
  virtual Result<void> save_template(const IncidentTemplate& t) = 0;
  // kNotFound when unknown.
  virtual Result<void> delete_template(const std::string& id) = 0;
};

// Opens the template store on the database named by `url` (as open_store), migrating it.
Result<std::unique_ptr<TemplateStore>> open_template_store(const std::string& url);

}  // namespace pharos
