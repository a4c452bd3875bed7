#pragma once
// A subscriber as JSON, without its secret: the management API's view and the before/after of
// subscriber audit rows (times ISO-8601 UTC).
#include <boost/json.hpp>

#include "storage/notify_store.h"

namespace pharos::notify {

boost::json::object subscriber_json(const Subscriber& subscriber);

}  // namespace pharos::notify
