#include "support/fake_store.h"

#include <algorithm>
#include <tuple>
#include <type_traits>

#include "core/ids.h"
#include "domain/status.h"

namespace pharos::testing {
namespace {

// What sync_catalog compares: a real change moves updated_at and the revision, nothing else does.
auto catalog_fields(const ComponentGroup& g) { return std::tie(g.name, g.description, g.position); }
auto catalog_fields(const Component& c) {
  return std::tie(c.name, c.description, c.group_id, c.position, c.depends_on, c.showcase,
                  c.only_show_if_degraded);
}

// Upserts `wanted` into `rows` by id and retires the rows not in it; returns how many changed.
template <typename T, typename Rows, typename Fresh>
int upsert_all(Rows& rows, const std::vector<T>& wanted, Fresh&& fresh) {
  int changes = 0;
  std::map<std::string, bool> kept;
  for (const auto& item : wanted) {
    kept[item.id] = true;
    auto it = rows.find(item.id);
    if (it == rows.end()) {
      rows.emplace(item.id, typename Rows::mapped_type{fresh(item), false});
      ++changes;
    } else if (it->second.retired || catalog_fields(it->second.value) != catalog_fields(item)) {
      T updated = fresh(item);
      if constexpr (std::is_same_v<T, Component>) {  // a component keeps its status
        updated.status = it->second.value.status;
        updated.status_source = it->second.value.status_source;
        updated.created_at = it->second.value.created_at;
      }
      it->second = {updated, false};
      ++changes;
    }
  }
  for (auto& [id, row] : rows) {
    if (row.retired || kept.count(id)) continue;
    row.retired = true;
    ++changes;
  }
  return changes;
}

}  // namespace

FakeStore::FakeStore(const Clock& clock) : FakeStore(clock, std::make_shared<State>()) {}

std::unique_ptr<FakeStore> FakeStore::share(const Clock& clock) const {
  return std::unique_ptr<FakeStore>(new FakeStore(clock, state_));
}

Result<Page> FakeStore::load_page(const Page& defaults) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  if (!s.page) {
    s.page = defaults;
    if (s.page->id.empty()) s.page->id = new_id();
    ++s.revision;
  }
  return *s.page;
}

Result<void> FakeStore::sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                                     const std::vector<Component>& components) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  Instant now = clock_.now();
  int changes = 0;
  if (s.page && std::tie(s.page->name, s.page->url, s.page->time_zone) !=
                    std::tie(page.name, page.url, page.time_zone)) {
    s.page->name = page.name;
    s.page->url = page.url;
    s.page->time_zone = page.time_zone;
    ++changes;
  }
  changes += upsert_all(s.groups, groups, [](const ComponentGroup& g) { return g; });
  changes += upsert_all(s.components, components, [now](const Component& c) {
    Component fresh = c;
    fresh.status = ComponentStatus::kOperational;
    fresh.status_source = StatusSource::kAutomatic;
    fresh.created_at = fresh.updated_at = now;
    return fresh;
  });
  if (changes > 0) ++s.revision;
  return Ok();
}

Result<std::vector<ComponentGroup>> FakeStore::list_groups() {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  std::vector<ComponentGroup> out;
  for (const auto& [id, row] : s.groups)
    if (!row.retired) out.push_back(row.value);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.position, a.id) < std::tie(b.position, b.id);
  });
  return out;
}

Result<std::vector<Component>> FakeStore::list_components() {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto group_position = [&s](const Component& c) {
    auto g = s.groups.find(c.group_id);
    return g == s.groups.end() ? 0 : g->second.value.position;
  };
  std::vector<Component> out;
  for (const auto& [id, row] : s.components)
    if (!row.retired) out.push_back(row.value);
  std::stable_sort(out.begin(), out.end(), [&](const Component& a, const Component& b) {
    return std::tuple(group_position(a), a.position, a.id) <
           std::tuple(group_position(b), b.position, b.id);
  });
  return out;
}

Result<std::optional<Component>> FakeStore::find_component(const std::string& id) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto it = s.components.find(id);
  if (it == s.components.end()) return std::optional<Component>();
  return std::optional(it->second.value);
}

Result<bool> FakeStore::apply_status(State& s, const ComponentStatusSet& change, Instant at) {
  auto it = s.components.find(change.component_id);
  if (it == s.components.end()) {
    return Error::not_found("unknown component '" + change.component_id + "'", "component_id");
  }
  Component& c = it->second.value;
  if (c.status == change.status && c.status_source == change.source) return false;
  if (c.status != change.status) s.status_log[c.id].push_back({change.status, at});
  c.status = change.status;
  c.status_source = change.source;
  c.updated_at = at;
  return true;
}

Result<void> FakeStore::set_component_status(const ComponentStatusSet& change) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto changed = apply_status(s, change, clock_.now());
  if (!changed) return changed.error();
  if (*changed) ++s.revision;
  return Ok();
}

Result<std::vector<StatusSpan>> FakeStore::component_history(const std::string& id, Instant from,
                                                             Instant to) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  // As the SQL store: the status in force at `from` (the last change at or before it, else
  // operational), then each change inside (from, to).
  std::vector<StatusSpan> spans;
  for (const auto& change : s.status_log[id]) {
    if (change.at >= to) break;
    if (change.at <= from) spans.clear();
    Instant at = std::max(change.at, from);
    if (!spans.empty()) spans.back().until = at;
    spans.push_back({change.status, at, std::nullopt});
  }
  if (spans.empty() || spans.front().from > from) {
    StatusSpan first{ComponentStatus::kOperational, from,
                     spans.empty() ? std::nullopt : std::optional<Instant>(spans.front().from)};
    spans.insert(spans.begin(), first);
  }
  return spans;
}

Result<std::int64_t> FakeStore::save_incident(const IncidentWrite& write) {
  const Incident& incident = write.incident;
  if (incident.id.empty()) return Error::invalid("incident has no id", "id");
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto stored = s.incidents.find(incident.id);
  if (write.expected_version == 0 && stored != s.incidents.end()) {
    return Error{ErrorCode::kAlreadyExists, "incident " + incident.id + " already exists", "id"};
  }
  if (write.expected_version != 0) {
    if (stored == s.incidents.end()) return Error::not_found("no incident " + incident.id, "id");
    if (stored->second.version != write.expected_version) {
      return Error::conflict("incident " + incident.id +
                             " was changed by someone else meanwhile; reload and try again");
    }
  }
  for (const auto& [id, other] : s.incidents) {
    if (id != incident.id && !incident.fingerprint.empty() &&
        other.fingerprint == incident.fingerprint) {
      return Error{ErrorCode::kAlreadyExists,
                   "an incident with the same fingerprint is already stored", "fingerprint"};
    }
  }
  // All or nothing: the component statuses are applied to copies, kept only when all apply.
  auto components = s.components;
  auto log = s.status_log;
  Instant now = clock_.now();
  for (const auto& change : write.component_statuses) {
    auto applied = apply_status(s, change, now);
    if (!applied) {
      s.components = std::move(components);
      s.status_log = std::move(log);
      return applied.error();
    }
  }
  Incident saved = incident;
  saved.version = write.expected_version + 1;
  s.incidents[incident.id] = saved;
  auto& notes = s.internal_notes[incident.id];
  notes.insert(notes.end(), write.internal_notes.begin(), write.internal_notes.end());
  ++s.revision;
  return saved.version;
}

Result<std::vector<InternalNote>> FakeStore::internal_notes(const std::string& incident_id) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto it = s.internal_notes.find(incident_id);
  if (it == s.internal_notes.end()) return std::vector<InternalNote>{};
  return it->second;
}

Result<std::optional<Incident>> FakeStore::find_incident(const std::string& id) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto it = s.incidents.find(id);
  if (it == s.incidents.end()) return std::optional<Incident>();
  return std::optional(it->second);
}

Result<std::optional<Incident>> FakeStore::find_incident_by_fingerprint(
    const std::string& fingerprint) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  for (const auto& [id, incident] : s.incidents) {
    if (!fingerprint.empty() && incident.fingerprint == fingerprint) return std::optional(incident);
  }
  return std::optional<Incident>();
}

Result<std::vector<Incident>> FakeStore::list_incidents(const IncidentQuery& query) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  auto wanted = [&query](const Incident& i) {
    using Q = IncidentQuery::State;
    if (query.state != Q::kAny && is_closed(i.status) != (query.state == Q::kClosed)) return false;
    return (!query.kind || i.kind == *query.kind) && (!query.source || i.source == *query.source) &&
           (!query.vendor || i.vendor == *query.vendor) &&
           (!query.started_after || i.started_at >= *query.started_after) &&
           (!query.started_before || i.started_at < *query.started_before) &&
           (!query.active_after || !i.resolved_at || *i.resolved_at > *query.active_after);
  };
  std::vector<Incident> out;
  for (const auto& [id, incident] : s.incidents)
    if (wanted(incident)) out.push_back(incident);
  // Newest first, as the SQL store: started_at, then created_at, descending; then id.
  std::sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return std::tie(b.started_at, b.created_at, a.id) < std::tie(a.started_at, a.created_at, b.id);
  });
  auto first = std::min(query.offset, out.size());
  auto last = std::min(out.size(), first + query.limit);
  return std::vector<Incident>(out.begin() + static_cast<std::ptrdiff_t>(first),
                               out.begin() + static_cast<std::ptrdiff_t>(last));
}

Result<void> FakeStore::delete_incident(const std::string& id) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  if (s.incidents.erase(id) == 0) return Error::not_found("no incident " + id, "id");
  s.internal_notes.erase(id);  // as the SQL store's ON DELETE CASCADE
  ++s.revision;
  return Ok();
}

Result<std::int64_t> FakeStore::revision() {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  return s.revision;
}

}  // namespace pharos::testing
