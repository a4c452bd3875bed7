#pragma once
// Changes made by other processes on the same database, as they commit: PostgreSQL's
// LISTEN/NOTIFY on channel "pharos" (writers send a topic with Dialect::notify: revision,
// monitors, outbox, nodes — storage/db/sql.h). A node uses it to re-render, re-read shared
// monitor state, deliver and rebalance at once instead of at its next poll.
//
// Not a guarantee: a notification is lost while this feed's connection is down (a failover, a
// restart of PostgreSQL) and never passes through a transaction-pooling PgBouncer. Every user
// keeps its periodic poll as the backstop; after a reconnect the feed reports kEverything, since
// whatever happened meanwhile went unheard.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos {

// What a notification is about, so a listener knows what to look at again.
namespace change_topic {
inline constexpr std::string_view kRevision = "revision";  // the Store's revision moved
inline constexpr std::string_view kMonitors = "monitors";  // location states, pushes or pauses
inline constexpr std::string_view kOutbox = "outbox";      // events appended to the outbox
inline constexpr std::string_view kNodes = "nodes";        // a node joined or left
}  // namespace change_topic

class ChangeFeed {
 public:
  // The topic given after a (re)connect: anything may have changed.
  static constexpr std::string_view kEverything = "*";
  // Called on the feed's thread, once per notification (topics of one transaction may repeat);
  // must not block for long.
  using Handler = std::function<void(std::string_view topic)>;

  virtual ~ChangeFeed() = default;
  // Starts listening on its own thread (its own connection; reconnects with backoff, up to 5 s).
  virtual void start() = 0;
  // Stops and joins the thread. Idempotent.
  virtual void stop() = 0;
};

// A feed for the database `url` names, calling `handler`; null for SQLite (one process serves,
// nothing to hear). kUnavailable when PostgreSQL cannot be reached at all.
Result<std::unique_ptr<ChangeFeed>> open_change_feed(const std::string& url,
                                                     ChangeFeed::Handler handler);

}  // namespace pharos
