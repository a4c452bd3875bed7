#pragma once
// The parts of the management API's OpenAPI document: the shared one (info, security, common
// parameters, responses and schemas) and each resource's paths, kept as JSON files in
// src/manage/openapi/ and embedded at build time (cmake/embed_text.cmake). openapi.cpp merges
// them; each routes_<resource>.cpp hands its part over with its route table.
#include <string_view>

namespace pharos::manage {

std::string_view openapi_shared();
std::string_view openapi_access();
std::string_view openapi_components();
std::string_view openapi_incidents();
std::string_view openapi_monitors();
std::string_view openapi_postmortems();
std::string_view openapi_probable_causes();
std::string_view openapi_reports();
std::string_view openapi_subscribers();

}  // namespace pharos::manage
