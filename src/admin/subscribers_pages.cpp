// Subscribers (admin only): who gets notified — address, channel, which components, whether the
// address was confirmed — and removing one. Webhook signing secrets are never shown. Removal is
// audited by SubscriptionService as the signed-in user.
#include "admin/audit.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "notify/subscription_service.h"

namespace pharos::admin {
namespace {

web::Response unavailable(Context& ctx) {
  return message_page(ctx, 503, "Subscribers unavailable", "Notifications are not running.");
}

web::Response list_subscribers(Context& ctx) {
  notify::SubscriptionService* service = ctx.services.subscriptions;
  if (service == nullptr) return unavailable(ctx);
  auto all = service->list();
  auto components = ctx.services.store.list_components();
  if (!all || !components)
    return message_page(ctx, 500, "Storage error", "Could not read subscribers.");
  std::string rows;
  for (const Subscriber& s : *all) {
    rows += "<tr><td>" + esc(s.address) + "</td><td>" + std::string(to_string(s.kind)) +
            "</td><td>" +
            (s.components.empty() ? std::string("everything")
                                  : component_names_html(*components, s.components)) +
            "</td><td>" + (s.confirmed ? "confirmed" : "waiting for confirmation") + "</td><td>" +
            time_html(ctx.services, s.created_at) +
            "</td><td><form method=\"post\" class=\"inline\" action=\"/admin/subscribers/" +
            esc(s.id) + "/remove\">" + csrf_field(ctx) +
            "<button type=\"submit\" class=\"danger\" data-confirm=\"Remove this subscriber?\">"
            "Remove</button></form></td></tr>";
  }
  std::string body = "<h1>Subscribers</h1>";
  body += listing_html("subscribers", {"Address", "Channel", "Components", "State", "Since", ""},
                       rows, "Nobody has subscribed yet.");
  return page_response(ctx, "Subscribers", "subscribers", body);
}

web::Response remove_subscriber(Context& ctx) {
  notify::SubscriptionService* service = ctx.services.subscriptions;
  if (service == nullptr) return unavailable(ctx);
  auto removed = service->remove(std::string(ctx.request.param("id")), actor(ctx));
  if (!removed && removed.error().code == ErrorCode::kNotFound) {
    return message_page(ctx, 404, "Not found", "No subscriber has this id.");
  }
  if (!removed) return message_page(ctx, 500, "Storage error", removed.error().message);
  return redirect_with_flash(ctx, "/admin/subscribers", "Subscriber removed.");
}

}  // namespace

void add_subscribers_pages(PageRoutes& pages) {
  pages.get("/admin/subscribers", Role::kAdmin, list_subscribers);
  pages.post("/admin/subscribers/{id}/remove", Role::kAdmin, remove_subscriber);
}

}  // namespace pharos::admin
