#include "cluster/lease_share.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace pharos::cluster {
namespace {

NodeRecord node(std::string id, std::string location) {
  NodeRecord n;
  n.id = std::move(id);
  n.location = std::move(location);
  n.alive = true;
  return n;
}

TEST(LeaseShareTest, CompetitorsAreTheNodesOfTheLocationAndSelfSorted) {
  std::vector<NodeRecord> live = {node("c/1", "eu"), node("a/1", "eu"), node("b/1", "us")};
  EXPECT_EQ(competitors(live, "eu", "a/1"), (std::vector<std::string>{"a/1", "c/1"}));
  // A set for every node (vendors, heartbeats, roles): no location filter.
  EXPECT_EQ(competitors(live, "", "b/1"), (std::vector<std::string>{"a/1", "b/1", "c/1"}));
  // Just joined: the list read does not show this node yet; it counts itself.
  EXPECT_EQ(competitors(live, "eu", "d/1"), (std::vector<std::string>{"a/1", "c/1", "d/1"}));
  EXPECT_EQ(competitors({}, "eu", "d/1"), (std::vector<std::string>{"d/1"}));
}

TEST(LeaseShareTest, SharesAddUpToEveryLeaseAndDifferByAtMostOne) {
  for (std::size_t k = 1; k <= 7; ++k) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < k; ++i) ids.push_back("node-" + std::to_string(i));
    for (std::size_t n : {0u, 1u, 2u, 5u, 9u, 10u, 30000u}) {
      std::size_t total = 0, low = n, high = 0;
      for (const auto& id : ids) {
        std::size_t share = fair_share(n, ids, id);
        total += share;
        low = std::min(low, share);
        high = std::max(high, share);
      }
      EXPECT_EQ(total, n) << n << " leases over " << k << " nodes";
      EXPECT_LE(high - low, 1u) << n << " leases over " << k << " nodes";
    }
  }
  // The extra ones go to the first by id: 9 over three is 3/3/3, 10 is 4/3/3, 11 is 4/4/3.
  std::vector<std::string> ids = {"a", "b", "c"};
  EXPECT_EQ(fair_share(10, ids, "a"), 4u);
  EXPECT_EQ(fair_share(10, ids, "b"), 3u);
  EXPECT_EQ(fair_share(11, ids, "b"), 4u);
  EXPECT_EQ(fair_share(11, ids, "c"), 3u);
  EXPECT_EQ(fair_share(10, ids, "z"), 0u);  // not competing: nothing
}

TEST(LeaseShareTest, AStepReleasesTheExcessThatSortsLastOrClaimsTheDeficit) {
  std::set<std::string> held = {"m1", "m2", "m3", "m4", "m5"};
  ShareStep down = share_step(held, 3);
  EXPECT_EQ(down.release, (std::vector<std::string>{"m4", "m5"}));
  EXPECT_EQ(down.claim, 0u);
  ShareStep up = share_step(held, 8);
  EXPECT_TRUE(up.release.empty());
  EXPECT_EQ(up.claim, 3u);
  ShareStep even = share_step(held, 5);
  EXPECT_TRUE(even.release.empty());
  EXPECT_EQ(even.claim, 0u);
  EXPECT_EQ(share_step({}, 0).claim, 0u);
}

// The lease rows of one scope as PostgreSQL keeps them: a lease is free or names its holder;
// a claim takes free rows only (FOR UPDATE SKIP LOCKED), a node's death frees its rows.
class LeaseTable {
 public:
  explicit LeaseTable(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) holder_["m" + std::to_string(100 + i)] = "";
  }
  std::set<std::string> held_by(const std::string& id) const {
    std::set<std::string> out;
    for (const auto& [lease, holder] : holder_)
      if (holder == id) out.insert(lease);
    return out;
  }
  std::size_t size() const { return holder_.size(); }
  void release(const std::string& id, const std::vector<std::string>& names) {
    for (const auto& name : names) {
      if (holder_.at(name) == id) holder_[name] = "";
    }
  }
  void claim(const std::string& id, std::size_t count) {
    for (auto& [lease, holder] : holder_) {
      if (count == 0) break;
      if (holder.empty()) {
        holder = id;
        --count;
      }
    }
  }
  void die(const std::string& id) {
    std::set<std::string> held = held_by(id);
    release(id, {held.begin(), held.end()});
  }
  std::size_t free() const { return held_by("").size(); }

 private:
  std::map<std::string, std::string> holder_;
};

// One round of `self`, as Cluster::rebalance does it, on the table and the node list it read.
void round(LeaseTable& table, const std::vector<NodeRecord>& live, const std::string& self) {
  std::size_t share = fair_share(table.size(), competitors(live, "eu", self), self);
  ShareStep step = share_step(table.held_by(self), share);
  table.release(self, step.release);
  table.claim(self, step.claim);
}

TEST(LeaseShareTest, NodesJoiningAndDyingEndWithEvenSharesAndEveryLeaseHeld) {
  // The scenario of cluster.h: location eu with 9 checks.
  LeaseTable table(9);
  std::vector<NodeRecord> live = {node("a", "eu"), node("b", "eu")};
  round(table, live, "a");
  round(table, live, "b");
  EXPECT_EQ(table.held_by("a").size(), 5u);
  EXPECT_EQ(table.held_by("b").size(), 4u);
  EXPECT_EQ(table.free(), 0u);

  // c joins: its first round finds nothing free (a and b hold their old shares); a and b,
  // woken by the join, let go of 2 and 1; c's next round claims them.
  live.push_back(node("c", "eu"));
  round(table, live, "c");
  EXPECT_TRUE(table.held_by("c").empty());
  round(table, live, "a");
  round(table, live, "b");
  EXPECT_EQ(table.free(), 3u);
  round(table, live, "c");
  for (const char* id : {"a", "b", "c"}) EXPECT_EQ(table.held_by(id).size(), 3u) << id;
  EXPECT_EQ(table.free(), 0u);

  // a is killed: its rows are free once it expires; b and c take them up to 5/4.
  table.die("a");
  live.erase(live.begin());
  round(table, live, "c");
  round(table, live, "b");
  EXPECT_EQ(table.held_by("b").size(), 5u);
  EXPECT_EQ(table.held_by("c").size(), 4u);
  EXPECT_EQ(table.free(), 0u);
}

TEST(LeaseShareTest, AnyOrderOfRoundsSettlesWithinTwoRoundsEachAndNeverOverHoldsAfterItsOwn) {
  // Nodes come and go in many orders; after each node's round it holds at most its share, and
  // two rounds of every node (in any order) settle to the exact shares with nothing free.
  for (unsigned seed = 0; seed < 50; ++seed) {
    LeaseTable table(23);
    std::vector<NodeRecord> live;
    std::vector<std::string> ids = {"n0", "n1", "n2", "n3", "n4"};
    std::size_t joined = 1 + seed % 5;
    for (std::size_t i = 0; i < joined; ++i) live.push_back(node(ids[i], "eu"));
    // A node of another location never competes for eu's leases.
    live.push_back(node("z", "us"));
    auto settle = [&](unsigned rotate) {
      for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t i = 0; i < live.size(); ++i) {
          const NodeRecord& n = live[(i + rotate) % live.size()];
          if (n.location != "eu") continue;
          round(table, live, n.id);
          std::size_t share = fair_share(table.size(), competitors(live, "eu", n.id), n.id);
          EXPECT_LE(table.held_by(n.id).size(), share) << "seed " << seed;
        }
      }
      EXPECT_EQ(table.free(), 0u) << "seed " << seed;
      for (const auto& n : live) {
        if (n.location != "eu") continue;
        EXPECT_EQ(table.held_by(n.id).size(),
                  fair_share(table.size(), competitors(live, "eu", n.id), n.id))
            << "seed " << seed << " node " << n.id;
      }
      EXPECT_TRUE(table.held_by("z").empty());
    };
    settle(seed);
    // One leaves (dies) and, unless it was the last, the rest settle again.
    std::size_t leaving = seed % joined;
    table.die(live[leaving].id);
    live.erase(live.begin() + static_cast<std::ptrdiff_t>(leaving));
    if (joined > 1) settle(seed / 3);
  }
}

}  // namespace
}  // namespace pharos::cluster
