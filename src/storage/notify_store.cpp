#include "storage/notify_store.h"

#include <array>
#include <utility>


namespace pharos {
namespace {

template <typename E, size_t N>
std::optional<E> parse_from(const std::array<std::pair<E, std::string_view>, N>& table,
                            std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<SubscriberKind, std::string_view>, 5> kKinds{{
    {SubscriberKind::kEmail, "email"},
    {SubscriberKind::kWebhook, "webhook"},
    {SubscriberKind::kSlack, "slack"},
    {SubscriberKind::kTeams, "teams"},
    {SubscriberKind::kDiscord, "discord"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 4> kEvents{{
    {EventKind::kIncidentUpdated, "incident.updated"},
    {EventKind::kComponentUpdated, "component.updated"},
    {EventKind::kSubscriberConfirm, "subscriber.confirm"},
    {EventKind::kAlert, "alert"},
}};

constexpr std::array<std::pair<DeliveryState, std::string_view>, 4> kStates{{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kDead, "dead"},
    {DeliveryState::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(SubscriberKind k) { return name_of(kKinds, k); }
std::optional<SubscriberKind> parse_subscriber_kind(std::string_view s) {
  return parse_from(kKinds, s);
}
std::string_view to_string(EventKind k) { return name_of(kEvents, k); }
std::optional<EventKind> parse_event_kind(std::string_view s) { return parse_from(kEvents, s); }
std::string_view to_string(DeliveryState s) { return name_of(kStates, s); }

std::string delivery_id(std::int64_t event_seq, const std::string& target) {
  return std::to_string(event_seq) + "-" + target;
}

}  // namespace pharos
