// The routes the runtime adds to the web server: /metrics, heartbeat pushes and the subscription
// form and links. Thin: parse, call one service, map the error, answer.
#include <map>
#include <set>

#include "app/runtime.h"
#include "core/text.h"
#include "monitor/monitoring.h"
#include "notify/notifier.h"
#include "web/http.h"
#include "web/router.h"

namespace pharos {
namespace {

// Decodes an application/x-www-form-urlencoded body into name → values.
std::multimap<std::string, std::string> parse_form(std::string_view body) {
  std::multimap<std::string, std::string> out;
  for (const auto& pair : split(body, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string name = web::percent_decode(pair.substr(0, eq), true);
    std::string value =
        eq == std::string::npos ? "" : web::percent_decode(pair.substr(eq + 1), true);
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

// A small page in the site's style for the answers of the subscription links.
web::Response message_page(unsigned status, const Page& page, const std::string& title,
                           const std::string& text, const std::string& home = "/") {
  std::string body =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      html_escape(title) + " · " + html_escape(page.name) +
      "</title><link rel=\"stylesheet\" href=\"/static/pharos.css\"></head><body>"
      "<main class=\"container\"><h1>" +
      html_escape(title) + "</h1><p>" + html_escape(text) + "</p><p><a href=\"" +
      html_escape(home) + "\">Back to the " + html_escape(page.name) +
      " status page</a></p>"
      "</main></body></html>\n";
  web::Response r = web::Response::text(status, std::move(body), "text/html; charset=utf-8");
  r.header("Cache-Control", "no-store");
  return r;
}

// Whether the subscribe form of `page` (null: the main page) offers `kind`.
bool offered(const Config& config, const PageSpec* page, SubscriberKind kind) {
  site::SubscribeChannels channels = subscribe_channels(config);
  if (page) channels.webhook = page->webhook_subscriptions;
  return (kind == SubscriberKind::kEmail && channels.email) ||
         (kind == SubscriberKind::kWebhook && channels.webhook);
}

}  // namespace

site::SubscribeChannels subscribe_channels(const Config& config) {
  return {.email = config.notify.smtp.has_value(), .webhook = config.webhook_subscriptions};
}

void Runtime::add_routes(web::Router& router, const web::AccessCheck& private_check,
                         std::function<site::PageTarget(const web::Request&)> page_of,
                         const web::AccessCheck& metrics_check) {
  router.add(web::Method::kGet, "/metrics", [this, metrics_check](const web::Request& request) {
    web::Access access = metrics_check ? metrics_check(request, "") : web::Access::kPublic;
    if (access != web::Access::kPublic && access != web::Access::kAllowed) {
      return web::refuse_private(request, access);
    }
    web::Response r =
        web::Response::text(200, metrics_text(), "text/plain; version=0.0.4; charset=utf-8");
    r.header("Cache-Control", "no-store");
    return r;
  });
  // Jobs report in with POST (GET too: many cron one-liners use curl without -X POST).
  auto push = [this](const web::Request& request) {
    auto pushed = monitoring_->push(request.param("token"));
    if (!pushed) return web::error_response(Error::not_found("unknown heartbeat token"));
    return web::Response::json(200, "{\"ok\":true}");
  };
  router.add(web::Method::kPost, "/api/push/{token}", push);
  router.add(web::Method::kGet, "/api/push/{token}", push);

  // The subscribe form of the page the request is for: "/subscribe" on the main page (or on a
  // page's Host), "/internal/subscribe" on the page mounted at /internal. Behind that page's
  // access check: a stranger must not sign up for news of a page they may not read.
  auto subscribe_form = [this, private_check, page_of](const web::Request& request) {
    site::PageTarget target = page_of ? page_of(request) : site::PageTarget{"", request.path};
    const PageSpec* spec = target.slug.empty() ? nullptr : env_.config().find_page(target.slug);
    if (target.path != "/subscribe" || (!target.slug.empty() && !spec)) {
      return web::error_response(Error::not_found("no such page"));
    }
    const Page& page = spec ? spec->page : env_.page();
    web::Access access = private_check ? private_check(request, target.slug) : web::Access::kPublic;
    if (access != web::Access::kPublic && access != web::Access::kAllowed) {
      return web::refuse_private(request, access);
    }
    auto form = parse_form(request.body);
    notify::SubscribeRequest subscribe;
    auto kind = form.find("kind");
    if (kind != form.end() && !kind->second.empty()) {
      auto parsed = parse_subscriber_kind(kind->second);
      if (!parsed)
        return message_page(400, page, "Subscription failed", "Unknown subscription kind.");
      subscribe.kind = *parsed;
    }
    // The public form offers what the page offers: email with a mail server, webhooks when
    // page.webhook_subscriptions is on, chat hooks never (those are for the page's owners).
    if (!offered(env_.config(), spec, subscribe.kind)) {
      return message_page(
          400, page, "Subscription failed",
          "This page does not offer " + std::string(to_string(subscribe.kind)) + " subscriptions.");
    }
    auto address = form.find("address");
    if (address == form.end()) address = form.find("email");
    if (address != form.end()) subscribe.address = std::string(trim(address->second));
    auto [first, last] = form.equal_range("components");
    for (auto it = first; it != last; ++it) subscribe.components.push_back(it->second);
    if (spec) {
      std::set<std::string> shown = shown_components(*spec, env_.config().components);
      for (const auto& c : subscribe.components) {
        if (!shown.count(c)) {
          return message_page(400, page, "Subscription failed",
                              "This page does not show the component '" + c + "'.");
        }
      }
      subscribe.page = spec->slug;
    }
    auto created = notifier_->subscriptions().subscribe(subscribe);
    if (!created) {
      unsigned status = created.error().code == ErrorCode::kAlreadyExists ? 409 : 400;
      return message_page(status, page, "Subscription failed", created.error().message);
    }
    // The confirmation mail is in the outbox (same transaction) and a mail server is configured
    // (the service refuses email otherwise), so it is on its way — not yet delivered.
    if (subscribe.kind == SubscriberKind::kEmail) {
      return message_page(200, page, "Check your inbox",
                          "A confirmation link is on its way to " + subscribe.address +
                              ". Updates start once you follow it.");
    }
    return message_page(200, page, "Subscribed",
                        "Updates will be posted to " + subscribe.address + ".");
  };
  router.add(web::Method::kPost, "/subscribe", subscribe_form);
  router.add(web::Method::kPost, "/{page}/subscribe", subscribe_form);
  // The confirm and unsubscribe links of a message name the subscriber's page (notify renders
  // them under its URL: "/internal/subscriptions/…" for a page at /internal, "/subscriptions/…"
  // on its Host), and the answer names that page; the token alone says whose subscription it is.
  struct LinkPage {
    const Page* page;
    std::string home;  // the page's front page, for the "Back to" link
  };
  auto link_page = [this, page_of](const web::Request& request) {
    site::PageTarget target = page_of ? page_of(request) : site::PageTarget{"", request.path};
    const PageSpec* spec = target.slug.empty() ? nullptr : env_.config().find_page(target.slug);
    if (!spec) return LinkPage{&env_.page(), "/"};
    bool by_path = request.path.starts_with(spec->path + "/");
    return LinkPage{&spec->page, by_path ? spec->path + "/" : "/"};
  };
  auto confirm = [this, link_page](const web::Request& request) {
    LinkPage at = link_page(request);
    auto confirmed = notifier_->subscriptions().confirm(std::string(request.param("token")));
    if (!confirmed) {
      return message_page(404, *at.page, "Link not valid",
                          "This confirmation link is unknown or was already used.", at.home);
    }
    return message_page(
        200, *at.page, "Subscription confirmed",
        "You will receive updates about " + at.page->name + " at " + confirmed->address + ".",
        at.home);
  };
  // GET only shows a button: mail scanners follow links, and must not unsubscribe anyone. POST
  // does it (also RFC 8058 one-click from the List-Unsubscribe header).
  auto unsubscribe_button = [link_page](const web::Request& request) {
    LinkPage at = link_page(request);
    web::Response r = message_page(200, *at.page, "Unsubscribe",
                                   "Stop receiving updates about " + at.page->name + "?", at.home);
    // Posted back to where it was shown: the request's own path.
    std::string form = "<form method=\"post\" action=\"" + html_escape(request.path) +
                       "\"><button type=\"submit\">Unsubscribe</button></form>";
    auto pos = r.body.find("<p><a href=");
    r.body.insert(pos, form);
    return r;
  };
  auto unsubscribe = [this, link_page](const web::Request& request) {
    LinkPage at = link_page(request);
    auto removed = notifier_->subscriptions().unsubscribe(std::string(request.param("token")));
    if (!removed) {
      return message_page(404, *at.page, "Link not valid", "This unsubscribe link is unknown.",
                          at.home);
    }
    return message_page(200, *at.page, "Unsubscribed",
                        removed->address + " will receive no more updates.", at.home);
  };
  for (std::string prefix : {"", "/{page}"}) {
    router.add(web::Method::kGet, prefix + "/subscriptions/confirm/{token}", confirm);
    router.add(web::Method::kGet, prefix + "/subscriptions/unsubscribe/{token}",
               unsubscribe_button);
    router.add(web::Method::kPost, prefix + "/subscriptions/unsubscribe/{token}", unsubscribe);
  }
}

}  // namespace pharos
