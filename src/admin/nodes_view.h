#pragma once
// Several nodes in the admin UI (nodes_view.cpp). Both are empty with one node.
#include <string>

#include "admin/admin_ui.h"

namespace pharos::monitor {
struct MonitorView;
}

namespace pharos::admin {

// The dashboard's "Nodes": every node with its location, state, leases held, last heartbeat and
// clock skew, and a warning when this node's clock or heartbeat is in trouble.
std::string nodes_section(const Services& s);
// A monitor page's "Locations": each reporting location's status, since when, which node saw
// it, and its nodes that are not up; how many locations must agree.
std::string locations_section(const Services& s, const monitor::MonitorView& m);

}  // namespace pharos::admin
