#pragma once
// Manual incident operations: what a person does from the CLI, the admin UI or the management
// API. Applies the domain lifecycle and stores the result in one transaction.
#include <string>

#include "core/clock.h"
#include "domain/lifecycle.h"
#include "storage/store.h"

namespace pharos {

class IncidentService {
 public:
  // `store` and `clock` must outlive the service.
  IncidentService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Opens an incident or schedules a maintenance; sets the requested component statuses.
  Result<Incident> open(const NewIncident& request);
  // Posts an update. A person posting to an automatic incident takes it over (automation stops
  // posting to it). Errors: kNotFound, kConflict (illegal transition, concurrent change).
  Result<Incident> post_update(const std::string& id, const UpdateRequest& request);
  // Resolves (maintenance: completes) with an optional closing note. Components this incident
  // set by hand and that are still not operational return to operational under automatic control.
  Result<Incident> resolve(const std::string& id, const std::string& body, const std::string& author);

  // Hands an automatic incident that a person took over back to automation, which then posts
  // its updates and resolves it again. Errors: kNotFound; kConflict when the incident was not
  // opened by automation or is closed.
  Result<Incident> hand_back(const std::string& id);

  // Links vendor incident `cause_id` to incident `id` as its probable cause, by `author` (a user
  // name); shown on the incident page, in the management API ("probable_causes") and the admin
  // UI. Linking a linked cause again changes nothing; a cause a person had unlinked is linked
  // again. No timeline update is posted. Errors: kNotFound (either id), kInvalidArgument when
  // `cause_id` is not a vendor incident or `id` is one (field "cause_id" / "id").
  Result<Incident> link_probable_cause(const std::string& id, const std::string& cause_id,
                                       const std::string& author);
  // Removes the link and remembers the dismissal, so automation does not link it again.
  // Errors: kNotFound (incident unknown, or `cause_id` not linked to it).
  Result<Incident> unlink_probable_cause(const std::string& id, const std::string& cause_id);

  // Sets a component's status by hand, or hands it back to automation when `status` is nullopt.
  Result<Component> set_component_status(const std::string& component_id,
                                         std::optional<ComponentStatus> status);

 private:
  ComponentStatusLookup lookup();
  Result<Incident> store_update(Incident incident, const IncidentUpdate& update);

  Store& store_;
  const Clock& clock_;
};

}  // namespace pharos
