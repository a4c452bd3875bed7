#pragma once
// Small renderers shared by the admin's own pages: times in the page zone, status pills and the
// "probably caused by" line. Every string that came from a person or a peer is escaped here.
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include "admin/admin_ui.h"
#include "domain/model.h"

namespace pharos::admin {

// Every component status, best to worst, as the admin's pickers list them.
inline constexpr std::array<ComponentStatus, 5> kComponentStatuses{
    ComponentStatus::kOperational, ComponentStatus::kDegradedPerformance,
    ComponentStatus::kPartialOutage, ComponentStatus::kMajorOutage,
    ComponentStatus::kUnderMaintenance};

// "2026-11-21 18:05 CET" in the page zone, inside <time datetime="ISO">.
std::string time_html(const Services& services, Instant at);
// The value of an <input type="datetime-local"> for `at` in the page zone ("2026-11-21T18:05").
std::string local_input_value(const Services& services, Instant at);
// <span class="status s-…">Label</span>
std::string component_status_html(ComponentStatus status);
std::string incident_status_html(IncidentStatus status);
std::string impact_html(Impact impact);
// "Probably caused by Cloudflare incident “CDN errors” (linked by automation: reason)" for each
// linked vendor incident, as <p class="cause"> lines; empty without probable causes.
std::string probable_causes_html(const Services& services, const Incident& incident);
// <table class="`css_class`"> with a heading row of `headings` over `rows` (rendered <tr>s).
std::string table_html(std::string_view css_class, std::initializer_list<std::string_view> headings,
                       const std::string& rows);
// A listing: table_html, or <p class="muted">`empty_text`</p> when there are no rows.
std::string listing_html(std::string_view css_class,
                         std::initializer_list<std::string_view> headings, const std::string& rows,
                         std::string_view empty_text);
// Component names for ids (unknown ids as they are), joined "A, B and C", escaped.
std::string component_names_html(const std::vector<Component>& components,
                                 const std::vector<std::string>& ids);

}  // namespace pharos::admin
