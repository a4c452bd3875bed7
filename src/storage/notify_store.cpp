#include "storage/notify_store.h"

#include "core/enum_names.h"

namespace pharos {
namespace {

constexpr EnumNames<SubscriberKind, 5> kKinds{{
    {SubscriberKind::kEmail, "email"},
    {SubscriberKind::kWebhook, "webhook"},
    {SubscriberKind::kSlack, "slack"},
    {SubscriberKind::kTeams, "teams"},
    {SubscriberKind::kDiscord, "discord"},
}};

constexpr EnumNames<EventKind, 4> kEvents{{
    {EventKind::kIncidentUpdated, "incident.updated"},
    {EventKind::kComponentUpdated, "component.updated"},
    {EventKind::kSubscriberConfirm, "subscriber.confirm"},
    {EventKind::kAlert, "alert"},
}};

constexpr EnumNames<DeliveryState, 4> kStates{{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kDead, "dead"},
    {DeliveryState::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(SubscriberKind k) { return enum_name(kKinds, k); }
std::optional<SubscriberKind> parse_subscriber_kind(std::string_view s) {
  return enum_from_name(kKinds, s);
}
std::string_view to_string(EventKind k) { return enum_name(kEvents, k); }
std::optional<EventKind> parse_event_kind(std::string_view s) { return enum_from_name(kEvents, s); }
std::string_view to_string(DeliveryState s) { return enum_name(kStates, s); }
std::optional<DeliveryState> parse_delivery_state(std::string_view s) {
  return enum_from_name(kStates, s);
}

std::string delivery_id(std::int64_t event_seq, const std::string& target) {
  return std::to_string(event_seq) + "-" + target;
}

}  // namespace pharos
