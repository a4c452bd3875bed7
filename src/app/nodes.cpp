// Runtime with several nodes on one PostgreSQL (docs/scale-out.md): the cluster membership and
// its leases, the change feed that wakes this node when another changed something, automation
// run by the automation lease's holder through a fenced store, and what /readyz and /metrics
// say about the nodes.
#include <algorithm>
#include <sstream>

#include "app/runtime.h"
#include "cluster/cluster.h"
#include "core/log.h"
#include "core/time.h"
#include "monitor/monitoring.h"
#include "notify/notifier.h"
#include "storage/change_feed.h"
#include "storage/cluster_store.h"
#include "storage/db/url.h"
#include "storage/fenced_store.h"
#include "vendor_status/poller.h"

namespace pharos {
namespace {

using cluster::LeaseSet;

// What a node of `location` competes for, from the config every node shares.
std::vector<LeaseSet> lease_sets(const Config& config, const std::string& location) {
  LeaseSet checks{cluster::check_scope(location), {}, LeaseSet::Split::kShare, location};
  LeaseSet heartbeats{cluster::kHeartbeatScope, {}, LeaseSet::Split::kShare, ""};
  for (const auto& m : config.monitors) {
    if (m.kind == MonitorKind::kHeartbeat) {
      heartbeats.names.push_back(m.name);
    } else if (m.locations.empty() ||
               std::find(m.locations.begin(), m.locations.end(), location) != m.locations.end()) {
      checks.names.push_back(m.name);
    }
  }
  LeaseSet vendors{cluster::kVendorScope, {}, LeaseSet::Split::kShare, ""};
  for (const auto& v : config.vendors) vendors.names.push_back(v.slug);
  LeaseSet role{cluster::kRoleScope, {cluster::kAutomationRole}, LeaseSet::Split::kAny, ""};
  return {std::move(checks), std::move(heartbeats), std::move(vendors), std::move(role)};
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out.precision(3);
  out << seconds;
  return out.str();
}

}  // namespace

bool is_postgres(const std::string& url) { return db::is_postgres_url(url); }

Result<void> Runtime::open_cluster(const NodeSpec& node, const std::string& url) {
  auto store = open_cluster_store(url);
  if (!store) return store.error();
  cluster_store_ = std::move(*store);
  location_ = node.location;
  cluster::ClusterOptions options{node.name, node.location, kPharosVersion, node.lease_ttl,
                                  node.max_clock_skew};
  cluster_ = std::make_unique<cluster::Cluster>(*cluster_store_, env_.clock(), options,
                                                lease_sets(env_.config(), node.location));
  cluster_->set_listener([this] { on_cluster_change(); });
  const cluster::Cluster* c = cluster_.get();
  fenced_store_ = std::make_unique<FencedStore>(env_.store(), [c]() -> std::optional<WriteFence> {
    return WriteFence{cluster::kRoleScope, cluster::kAutomationRole, c->id()};
  });
  auto feed = open_change_feed(url, [this](std::string_view topic) { on_feed(topic); });
  if (!feed) return feed.error();
  feed_ = std::move(*feed);
  return Ok();
}

void Runtime::update_leases() {
  // A changed monitor is a new one to monitoring (not owned yet) while this node may still hold
  // its lease: hand it what this node holds now; the next round adds what it claims anew.
  on_cluster_change();
  cluster_->set_lease_sets(lease_sets(env_.config(), location_));
}

void Runtime::on_cluster_change() {
  std::vector<std::string> owned = cluster_->held(cluster::check_scope(location_));
  for (auto& name : cluster_->held(cluster::kHeartbeatScope)) owned.push_back(std::move(name));
  monitoring_->set_owned(owned);
  monitoring_->set_locations(cluster_->locations());
  wake_automation();  // the automation lease may have come or gone
}

void Runtime::on_feed(std::string_view topic) {
  bool all = topic == ChangeFeed::kEverything;
  if ((all || topic == change_topic::kRevision) && on_revision_) on_revision_();
  if (all || topic == change_topic::kMonitors) monitoring_->poke();
  if (all || topic == change_topic::kOutbox) notifier_->worker().wake();
  if (all || topic == change_topic::kNodes) cluster_->poke();
}

bool Runtime::lead_automation() {
  if (!cluster_) return true;
  bool lead = cluster_->holds(cluster::kRoleScope, cluster::kAutomationRole) && cluster_->alive();
  if (lead && !leading_) {
    // Hold timers start afresh: whatever the previous holder had counted is in the store's
    // incidents, not in its memory (docs/scale-out.md).
    automation_ = std::make_unique<Automation>(*fenced_store_, env_.clock(),
                                               automation_settings(env_, send_alert_));
    log::info("automation.leading", {log::kv("node", cluster_->id())});
  } else if (!lead && leading_) {
    log::info("automation.following", {log::kv("node", cluster_->id())});
  }
  leading_ = lead;
  return lead;
}

std::string Runtime::readiness_note() const {
  if (!cluster_) return "";
  cluster::ClusterView v = cluster_->view();
  std::ostringstream out;
  if (v.clock_skewed) {
    out << "warning: this node's clock is " << seconds_text(double(v.clock_skew_ms) / 1000.0)
        << " s off the database's; fix its time synchronisation\n";
  }
  out << "nodes:\n";
  for (const auto& n : v.nodes) {
    out << (n.id == v.self ? "* " : "  ") << n.name << " location=" << n.location
        << " state=" << (n.alive ? "alive" : "gone") << " leases=" << n.leases
        << " heartbeat=" << format_iso_utc(n.heartbeat_at) << "\n";
  }
  return out.str();
}

std::string Runtime::cluster_metrics() const {
  if (!cluster_) return "";
  cluster::ClusterView v = cluster_->view();
  std::ostringstream out;
  std::size_t alive = 0;
  for (const auto& n : v.nodes) alive += n.alive ? 1 : 0;
  out << "# HELP pharos_cluster_nodes_alive Nodes alive on this database.\n"
      << "# TYPE pharos_cluster_nodes_alive gauge\n"
      << "pharos_cluster_nodes_alive " << alive << "\n"
      << "# HELP pharos_node_leases Leases this node holds, by scope.\n"
      << "# TYPE pharos_node_leases gauge\n";
  for (const auto& [scope, count] : v.held) {
    out << "pharos_node_leases{location=\"" << location_ << "\",scope=\"" << scope << "\"} "
        << count << "\n";
  }
  out << "# HELP pharos_node_clock_skew_seconds This node's clock minus the database's.\n"
      << "# TYPE pharos_node_clock_skew_seconds gauge\n"
      << "pharos_node_clock_skew_seconds " << seconds_text(double(v.clock_skew_ms) / 1000.0)
      << "\n";
  return out.str();
}

}  // namespace pharos
