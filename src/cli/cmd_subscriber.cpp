// pharos subscriber add|list|remove|confirm|unsubscribe and pharos outbox list|retry|work
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "notify/notifier.h"

namespace pharos::cli {
namespace {

struct NotifyArgs {
  bool json = false;
  std::string email, webhook, slack, teams, discord;
  std::vector<std::string> components;
  std::string id;
  std::string token;
  std::string state = "dead";
  std::size_t limit = 100;
  bool all = false;
  bool once = false;
  bool until_idle = false;
};

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

Result<std::unique_ptr<NotifyStore>> open_notify(Environment& env) {
  return open_notify_store(storage_url(env.config(), env.data_dir()));
}

std::vector<std::string> component_ids(Environment& env) {
  return notify::subscribable_ids(env.config());
}

boost::json::object subscriber_json(const Subscriber& s) {
  boost::json::object o;
  o["id"] = s.id;
  o["kind"] = to_string(s.kind);
  o["address"] = s.address;
  boost::json::array components;
  for (const auto& c : s.components) components.push_back(boost::json::value(c));
  o["components"] = std::move(components);
  o["page"] = s.page;
  o["confirmed"] = s.confirmed;
  o["created_at"] = format_iso_utc(s.created_at);
  return o;
}

boost::json::object delivery_json(const Delivery& d) {
  boost::json::object o;
  o["id"] = d.id;
  o["event"] = d.event_seq;
  o["target"] = d.target;
  o["state"] = to_string(d.state);
  o["attempts"] = d.attempts;
  o["next_attempt_at"] = format_iso_utc(d.next_attempt_at);
  o["error"] = d.last_error;
  return o;
}

// Runs `body` with the environment, the notify store and the subscription service.
template <typename F>
void with_notify(Context& ctx, F body) {
  Environment* env = ctx.environment();
  if (!env) return;
  auto store = open_notify(*env);
  if (!store) return ctx.fail(store.error());
  notify::SubscriptionService service(**store, env->clock(), component_ids(*env), &env->audit(),
                                      env->config().notify.smtp.has_value());
  body(*env, **store, service);
}

void add(Context& ctx, const NotifyArgs& a) {
  std::vector<std::pair<SubscriberKind, std::string>> given;
  if (!a.email.empty()) given.emplace_back(SubscriberKind::kEmail, a.email);
  if (!a.webhook.empty()) given.emplace_back(SubscriberKind::kWebhook, a.webhook);
  if (!a.slack.empty()) given.emplace_back(SubscriberKind::kSlack, a.slack);
  if (!a.teams.empty()) given.emplace_back(SubscriberKind::kTeams, a.teams);
  if (!a.discord.empty()) given.emplace_back(SubscriberKind::kDiscord, a.discord);
  if (given.size() != 1) {
    return ctx.fail(
        Error::invalid("give exactly one of --email, --webhook, --slack, --teams, "
                       "--discord"));
  }
  with_notify(ctx, [&](Environment& env, NotifyStore&, notify::SubscriptionService& service) {
    auto sub =
        service.subscribe({given[0].first, given[0].second, a.components, false, cli_actor()});
    if (!sub) return ctx.fail(sub.error());
    const Subscriber& s = sub->subscriber;
    std::string link = sub->confirm_token.empty()
                           ? std::string()
                           : notify::confirm_url(env.page(), sub->confirm_token);
    if (a.json) {
      auto o = subscriber_json(s);
      o["confirm_token"] = sub->confirm_token;
      o["secret"] = s.secret;
      return print_json(o);
    }
    std::cout << s.id << ": " << to_string(s.kind) << " " << s.address << "\n";
    if (!link.empty()) std::cout << "confirmation mail queued; confirm link: " << link << "\n";
    if (!s.secret.empty()) std::cout << "signing secret (X-Pharos-Signature): " << s.secret << "\n";
  });
}

void list(Context& ctx, const NotifyArgs& a) {
  with_notify(ctx, [&](Environment&, NotifyStore&, notify::SubscriptionService& service) {
    auto subs = service.list();
    if (!subs) return ctx.fail(subs.error());
    if (a.json) return print_json_array(*subs, subscriber_json);
    for (const auto& s : *subs) {
      std::cout << s.id << "  " << to_string(s.kind) << "  " << s.address << "  "
                << (s.confirmed ? "confirmed" : "unconfirmed") << "  "
                << (s.components.empty() ? "all components" : "");
      for (const auto& c : s.components) std::cout << c << " ";
      std::cout << "\n";
    }
  });
}

void remove(Context& ctx, const NotifyArgs& a) {
  with_notify(ctx, [&](Environment&, NotifyStore&, notify::SubscriptionService& service) {
    auto done = service.remove(a.id, cli_actor());
    if (!done) return ctx.fail(done.error());
    std::cout << "removed " << a.id << "\n";
  });
}

void confirm(Context& ctx, const NotifyArgs& a, bool unsubscribe) {
  with_notify(ctx, [&](Environment&, NotifyStore&, notify::SubscriptionService& service) {
    auto s = unsubscribe ? service.unsubscribe(a.token) : service.confirm(a.token);
    if (!s) return ctx.fail(s.error());
    std::cout << (unsubscribe ? "unsubscribed " : "confirmed ") << s->id << " " << s->address
              << "\n";
  });
}

void outbox_list(Context& ctx, const NotifyArgs& a) {
  DeliveryState state = DeliveryState::kDead;
  if (a.state == "pending")
    state = DeliveryState::kPending;
  else if (a.state == "delivered")
    state = DeliveryState::kDelivered;
  else if (a.state == "cancelled")
    state = DeliveryState::kCancelled;
  else if (a.state != "dead") {
    return ctx.fail(Error::invalid("expected dead, pending, delivered or cancelled", "--state"));
  }
  with_notify(ctx, [&](Environment&, NotifyStore& store, notify::SubscriptionService&) {
    auto list = store.list_deliveries(state, a.limit);
    if (!list) return ctx.fail(list.error());
    if (a.json) return print_json_array(*list, delivery_json);
    for (const auto& d : *list) {
      std::cout << d.id << "  " << to_string(d.state) << "  attempts " << d.attempts << "  "
                << d.last_error << "\n";
    }
  });
}

void outbox_retry(Context& ctx, const NotifyArgs& a) {
  if (a.id.empty() == !a.all) {
    return ctx.fail(Error::invalid("give a delivery id (see pharos outbox list) or --all"));
  }
  with_notify(ctx, [&](Environment& env, NotifyStore& store, notify::SubscriptionService&) {
    auto n = store.retry_dead(a.id, env.clock().now());
    if (!n) return ctx.fail(n.error());
    std::cout << *n << " dead deliver" << (*n == 1 ? "y" : "ies") << " queued again\n";
  });
}

bool idle(NotifyStore& store) {
  auto events = store.unfanned_events(1);
  auto pending = store.count_deliveries(DeliveryState::kPending);
  return events && events->empty() && pending && *pending == 0;
}

void outbox_work(Context& ctx, const NotifyArgs& a) {
  Environment* env = ctx.environment();
  if (!env) return;
  auto notifier = notify::Notifier::open(
      env->store(), storage_url(env->config(), env->data_dir()), env->page(), env->zone(),
      env->config().notify, component_ids(*env), env->clock(), env->config().vendor_names(),
      nullptr, {}, {}, notify::notify_pages(env->config()));
  if (!notifier) return ctx.fail(notifier.error());
  if (a.once) {
    auto n = (*notifier)->worker().run_once();
    if (!n) return ctx.fail(n.error());
    std::cout << *n << " attempts\n";
    return;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  (*notifier)->start();
  while (!g_stop && !(a.until_idle && idle((*notifier)->store()))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (*notifier)->stop();
}

}  // namespace

void add_subscriber_commands(CLI::App& app, Context& ctx) {
  static NotifyArgs args;
  CommandFamily sub(app, ctx, args, "subscriber", "Manage notification subscribers");
  auto* add_cmd = sub.command("add", "Subscribe an email address, webhook or chat hook", add);
  add_cmd->add_option("--email", args.email, "Email address (gets a confirmation mail first)");
  add_cmd->add_option("--webhook", args.webhook, "URL for Statuspage-shaped signed JSON");
  add_cmd->add_option("--slack", args.slack, "Slack (or Mattermost) incoming-webhook URL");
  add_cmd->add_option("--teams", args.teams, "Microsoft Teams incoming-webhook URL");
  add_cmd->add_option("--discord", args.discord, "Discord webhook URL");
  add_cmd->add_option("--component", args.components,
                      "Only these components, or vendor:<slug> for a vendor's incidents "
                      "(repeatable; default: the whole page)");
  add_cmd->add_flag("--json", args.json, "Print the subscriber (with token/secret) as JSON");
  sub.list("List subscribers", list);
  sub.on_id("remove", "Remove a subscriber (its queued messages too)", "Subscriber id", remove);
  auto* conf = sub.command("confirm", "Confirm an email subscription by its token",
                           [](Context& c, const NotifyArgs& a) { confirm(c, a, false); });
  // A token is base64url, so one in 64 starts with '-' and reads as an option: `-- TOKEN` then.
  conf->add_option("TOKEN", args.token,
                   "The token from the confirmation link (after `--` if it starts with '-')")
      ->required();
  auto* unsub = sub.command("unsubscribe", "Unsubscribe by a token from a message",
                            [](Context& c, const NotifyArgs& a) { confirm(c, a, true); });
  unsub
      ->add_option("TOKEN", args.token,
                   "The token from an unsubscribe link (after `--` if it starts with '-')")
      ->required();

  CommandFamily outbox(app, ctx, args, "outbox", "Inspect and drive notification delivery");
  auto* ol = outbox.list("List deliveries (default: the dead-letter list)", outbox_list);
  ol->add_option("--state", args.state, "dead (default), pending, delivered or cancelled");
  ol->add_option("--limit", args.limit, "At most this many (default 100)");
  auto* retry = outbox.command("retry", "Queue dead deliveries again", outbox_retry);
  retry->add_option("ID", args.id, "A delivery id from `outbox list`");
  retry->add_flag("--all", args.all, "Every dead delivery");
  auto* work = outbox.command(
      "work", "Run the delivery worker in the foreground until SIGINT/SIGTERM", outbox_work);
  work->add_flag("--once", args.once, "One pass over what is due now, then exit");
  work->add_flag("--until-idle", args.until_idle, "Exit when nothing is left to deliver");
}

}  // namespace pharos::cli
