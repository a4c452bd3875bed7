#include "site/fingerprint.h"

#include <bit>
#include <cstdio>

#include "site/html_common.h"

namespace pharos::site {

void Fingerprint::bytes(const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    a_ = (a_ ^ p[i]) * 1099511628211ULL;
    b_ = (b_ ^ p[i]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  }
}

Fingerprint& Fingerprint::add(std::string_view text) {
  std::uint64_t size = text.size();
  bytes(&size, sizeof size);
  bytes(text.data(), text.size());
  return *this;
}

Fingerprint& Fingerprint::add(std::int64_t number) {
  bytes(&number, sizeof number);
  return *this;
}

Fingerprint& Fingerprint::add(std::optional<Instant> at) {
  add(static_cast<std::int64_t>(at.has_value()));
  return at ? add(*at) : *this;
}

std::string Fingerprint::hex() const {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a_),
                static_cast<unsigned long long>(b_));
  return buf;
}

namespace {

std::int64_t as_number(auto value) { return static_cast<std::int64_t>(value); }

}  // namespace

void add_incident(Fingerprint& f, const Incident& i) {
  // A field added to Incident must be hashed here too, or its pages could be served stale.
  static_assert(sizeof(Incident) == 536, "Incident changed: hash the new field in add_incident");
  f.add(i.id).add(as_number(i.kind)).add(i.name).add(as_number(i.status)).add(as_number(i.impact));
  f.add(as_number(i.impact_override.has_value()));
  if (i.impact_override) f.add(as_number(*i.impact_override));
  f.add(i.created_at).add(i.updated_at).add(i.started_at).add(i.monitoring_at).add(i.resolved_at);
  f.add(i.detected_at).add(i.scheduled_for).add(i.scheduled_until);
  f.add(as_number(i.auto_transition));
  f.add(as_number(i.component_ids.size()));
  for (const auto& id : i.component_ids) f.add(id);
  f.add(as_number(i.external_components.size()));
  for (const auto& name : i.external_components) f.add(name);
  f.add(as_number(i.updates.size()));
  for (const auto& u : i.updates) {
    f.add(u.id).add(as_number(u.status)).add(u.body).add(u.created_at).add(u.updated_at);
    f.add(u.display_at).add(as_number(u.deliver_notifications)).add(as_number(u.reopened));
    f.add(u.author).add(as_number(u.component_changes.size()));
    for (const auto& c : u.component_changes) {
      f.add(c.component_id).add(as_number(c.old_status)).add(as_number(c.new_status));
    }
  }
  f.add(as_number(i.postmortem.has_value()));
  if (i.postmortem) {
    f.add(i.postmortem->body).add(i.postmortem->published_at).add(i.postmortem->updated_at);
  }
  f.add(as_number(i.source)).add(as_number(i.controller)).add(i.vendor).add(i.source_url);
  f.add(i.fingerprint).add(i.root_component_id).add(as_number(i.probable_causes.size()));
  for (const auto& c : i.probable_causes) {
    f.add(c.incident_id).add(c.reason).add(c.linked_at).add(c.linked_by);
  }
  f.add(as_number(i.dismissed_causes.size()));
  for (const auto& id : i.dismissed_causes) f.add(id);
  f.add(as_number(i.reopen_count)).add(i.version);
}

std::string page_context(const SiteData& data, std::string_view base_path) {
  Fingerprint f;
  f.add(html::layout(data, "", "")).add(data.page.name).add(data.zone.name()).add(base_path);
  for (const auto& [key, text] : data.page.brand.strings) f.add(key).add(text);
  return f.hex();
}

std::string incident_page_inputs(const SiteData& data, const std::string& context,
                                 const Incident& incident) {
  Fingerprint f;
  f.add(context);
  add_incident(f, incident);
  for (const auto& id : incident.component_ids) {
    const Component* c = data.find_component(id);
    f.add(data.qualified_name(id)).add(as_number(c != nullptr));
    if (c) f.add(as_number(c->status));
  }
  for (const auto& cause : incident.probable_causes) {
    auto found = data.probable_causes.find(cause.incident_id);
    f.add(as_number(found != data.probable_causes.end()));
    if (found == data.probable_causes.end()) continue;
    add_incident(f, found->second);
    auto named = data.vendor_names.find(found->second.vendor);
    f.add(named == data.vendor_names.end() ? std::string_view("\x01") : named->second);
  }
  // "Ongoing for 3h 12m" moves with the clock until the incident is over.
  if (incident.active() || !incident.duration()) f.add(data.now);
  return f.hex();
}

std::string uptime_page_inputs(const std::string& context, const UptimePage& page) {
  // A field added to these must be hashed here too, or /uptime could be served stale.
  static_assert(sizeof(StatusTime) == 6 * sizeof(Millis), "StatusTime changed: hash the new field");
  static_assert(sizeof(UptimeDay) == 80, "UptimeDay changed: hash the new field");
  static_assert(sizeof(ComponentUptime) == 136, "ComponentUptime changed: hash the new field");
  auto add_ratio = [](Fingerprint& f, const std::optional<double>& ratio) {
    // The shown percentage is rounded; the exact bits are hashed, which is stricter.
    f.add(as_number(ratio.has_value()));
    if (ratio) f.add(std::bit_cast<std::int64_t>(*ratio));
  };
  Fingerprint f;
  f.add(context).add(as_number(page.components.size()));
  for (const auto& c : page.components) {
    f.add(c.id).add(c.name);
    add_ratio(f, c.last_30);
    add_ratio(f, c.last_90);
    add_ratio(f, c.last_365);
    f.add(as_number(c.days.size()));
    for (const auto& d : c.days) {
      const StatusTime& t = d.time;
      f.add(d.start).add(t.operational.count()).add(t.degraded.count()).add(t.partial.count());
      f.add(t.major.count()).add(t.maintenance.count()).add(t.no_data.count());
      f.add(as_number(d.incidents.size()));
      for (const auto& name : d.incidents) f.add(name);
    }
  }
  return f.hex();
}

}  // namespace pharos::site
