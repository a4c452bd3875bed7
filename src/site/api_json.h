#pragma once
// The public Statuspage v2 API documents (FORMATS.md section 1): same endpoints, key order,
// nulls, enums, ordering and time format (milliseconds, page-zone offset), so Statuspage clients
// parse them unchanged.
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "site/site_data.h"

namespace pharos::site {

// {id, name, url, time_zone, updated_at}
boost::json::object api_page(const SiteData& data);
// {indicator, description} from domain page_status().
boost::json::object api_status(const SiteData& data);
// All components and groups, flat, sorted by position with groups and children interleaved.
boost::json::array api_components(const SiteData& data);
// One incident or maintenance; updates newest first.
boost::json::object api_incident(const SiteData& data, const Incident& incident);

// Every /api/v2 document as (path, body), e.g. ("/api/v2/summary.json", "{…}").
std::vector<std::pair<std::string, std::string>> render_api(const SiteData& data);

}  // namespace pharos::site
