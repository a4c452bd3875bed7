#include "config/notify.h"

namespace pharos::config {
namespace {

bool has_scheme(const std::string& url, std::initializer_list<const char*> schemes) {
  for (const char* scheme : schemes) {
    std::string prefix = std::string(scheme) + "://";
    if (url.size() > prefix.size() && url.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

void read_url(Reader& r, const YAML::Node& m, const std::string& field, NotifyRouteSpec& route) {
  auto url = r.string(m, "url", field, true);
  if (!url) return;
  if (!has_scheme(*url, {"http", "https"})) {
    r.error(m["url"], join_field(field, "url"), "expected an http:// or https:// URL");
  }
  route.url = *url;
}

void read_email(Reader& r, const YAML::Node& m, const std::string& field, NotifySpec& spec) {
  if (!r.check_map(m, field, {"kind", "smtp", "from", "to", "username", "password", "starttls"})) {
    return;
  }
  NotifyRouteSpec route;
  route.kind = "email";
  if (auto smtp = r.string(m, "smtp", field, true)) {
    if (!has_scheme(*smtp, {"smtp", "smtps"})) {
      r.error(m["smtp"], join_field(field, "smtp"),
              "expected smtp://host:port or smtps://host:port");
    }
    route.smtp.url = *smtp;
  }
  if (auto from = r.string(m, "from", field, true)) {
    if (from->find('@') == std::string::npos) {
      r.error(m["from"], join_field(field, "from"), "expected an email address");
    }
    route.smtp.from = *from;
  }
  if (auto user = r.string(m, "username", field)) route.smtp.username = *user;
  if (auto pass = r.string(m, "password", field)) route.smtp.password = *pass;
  if (auto tls = r.boolean(m, "starttls", field)) route.smtp.require_tls = *tls;
  if (auto to = r.string_list(m, "to", field)) {
    for (size_t i = 0; i < to->size(); ++i) {
      if ((*to)[i].find('@') == std::string::npos) {
        r.error(m["to"], index_field(join_field(field, "to"), i), "expected an email address");
      }
    }
    route.to = *to;
  }
  if (!spec.smtp) spec.smtp = route.smtp;
  if (!route.to.empty()) spec.routes.push_back(std::move(route));
}

void read_delivery(Reader& r, const YAML::Node& m, const std::string& field, DeliverySpec& d) {
  if (!r.check_map(m, field,
                   {"kind", "give_up_after", "timeout", "connect_timeout", "concurrency",
                    "backoff_base", "backoff_max"})) {
    return;
  }
  if (auto v = r.duration(m, "give_up_after", field)) d.give_up_after = *v;
  if (auto v = r.duration(m, "timeout", field)) d.timeout = *v;
  if (auto v = r.duration(m, "connect_timeout", field)) d.connect_timeout = *v;
  if (auto v = r.integer(m, "concurrency", field, 1, 256)) d.concurrency = static_cast<int>(*v);
  if (auto v = r.duration(m, "backoff_base", field)) d.backoff_base = *v;
  if (auto v = r.duration(m, "backoff_max", field)) d.backoff_max = *v;
  if (d.backoff_base.count() <= 0) {
    r.error(m["backoff_base"], join_field(field, "backoff_base"), "must be more than 0");
  }
  if (d.backoff_max < d.backoff_base) {
    r.error(m["backoff_max"], join_field(field, "backoff_max"), "must be at least backoff_base");
  }
}

void read_entry(Reader& r, const YAML::Node& m, const std::string& field, NotifySpec& spec) {
  auto kind = r.string(m, "kind", field, true);
  if (!kind) return;
  if (*kind == "email") return read_email(r, m, field, spec);
  if (*kind == "delivery") return read_delivery(r, m, field, spec.delivery);
  if (*kind != "webhook" && *kind != "slack" && *kind != "teams" && *kind != "discord") {
    r.error(m["kind"], join_field(field, "kind"),
            "expected email, webhook, slack, teams, discord or delivery");
    return;
  }
  bool webhook = *kind == "webhook";
  if (!r.check_map(m, field,
                   webhook ? std::vector<std::string_view>{"kind", "url", "secret"}
                           : std::vector<std::string_view>{"kind", "url"})) {
    return;
  }
  NotifyRouteSpec route;
  route.kind = *kind;
  read_url(r, m, field, route);
  if (webhook) {
    if (auto secret = r.string(m, "secret", field)) route.secret = *secret;
  }
  spec.routes.push_back(std::move(route));
}

}  // namespace

void read_notify(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_sequence(node, "notify")) return;
  for (size_t i = 0; i < node.size(); ++i) {
    std::string field = index_field("notify", i);
    if (!node[i].IsMap()) {
      r.error(node[i], field,
              "expected a mapping with a kind (email, webhook, slack, teams, "
              "discord or delivery)");
      continue;
    }
    read_entry(r, node[i], field, config.notify);
  }
}

}  // namespace pharos::config
