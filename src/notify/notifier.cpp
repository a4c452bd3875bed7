#include "notify/notifier.h"

#include "notify/email/curl_mail_sender.h"
#include "notify/webhook/curl_http_poster.h"

namespace pharos::notify {

Result<std::unique_ptr<Notifier>> Notifier::open(
    Store& store, const std::string& storage_url, const Page& page, const TimeZone& zone,
    const NotifySpec& spec, std::vector<std::string> component_ids, const Clock& clock,
    std::map<std::string, std::string> vendor_names, const AuditLog* audit,
    std::function<std::string()> node, std::function<bool()> may_send, NotifyPages pages) {
  auto notify_store = open_notify_store(storage_url);
  if (!notify_store) return notify_store.error();
  std::unique_ptr<Notifier> n(new Notifier());
  n->notify_store_ = std::move(*notify_store);
  Timeouts timeouts{spec.delivery.connect_timeout, spec.delivery.timeout};
  n->http_ = std::make_unique<CurlHttpPoster>(timeouts);
  n->mail_ = std::make_unique<CurlMailSender>(timeouts);
  n->subscriptions_ = std::make_unique<SubscriptionService>(
      *n->notify_store_, clock, std::move(component_ids), audit, spec.smtp.has_value());
  WorkerContext context{page,
                        zone,
                        spec,
                        std::chrono::milliseconds(250),
                        std::move(vendor_names),
                        std::move(node),
                        std::move(may_send),
                        std::move(pages)};
  n->worker_ = std::make_unique<DeliveryWorker>(store, *n->notify_store_, clock, context, *n->http_,
                                                *n->mail_);
  return n;
}

NotifyPages notify_pages(const Config& config) {
  NotifyPages out;
  for (const auto& page : config.pages) {
    out.emplace(page.slug, NotifyPage{page.page, shown_components(page, config.components)});
  }
  return out;
}

Notifier::~Notifier() {
  if (worker_) worker_->stop();
}

}  // namespace pharos::notify
