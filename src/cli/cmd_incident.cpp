// pharos incident list | show | open | update | resolve | handback | schedule | reschedule | cancel
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "cli/json_output.h"
#include "core/duration.h"
#include "domain/lifecycle.h"

namespace pharos::cli {
namespace {

struct IncidentArgs {
  bool json = false;
  bool open_only = false;
  bool maintenance = false;
  int limit = 50;
  std::string id;
  std::string title;
  std::string status;
  std::string impact;
  std::string message;
  std::vector<std::string> components;  // "api" or "api=partial_outage"
  std::string starts, ends;             // maintenance window, ISO 8601
  bool quiet = false;                   // --no-notify
};

// --starts/--ends as instants; errors name the option (exit 2).
Result<Instant> window_arg(const std::string& text, const char* option) {
  auto at = parse_iso8601(text);
  if (!at) {
    return Error::invalid("give a time like 2026-12-05T22:00:00Z or 2026-12-05T23:00:00+01:00",
                          option);
  }
  return *at;
}

// The service names window fields; the CLI names its options.
Error as_cli(Error e) {
  if (e.field == "scheduled_for") e.field = "--starts";
  if (e.field == "scheduled_until") e.field = "--ends";
  return e;
}

// The component status an incident of `impact` implies when a component is named without one:
// the outage whose impact (domain/lifecycle.h: impact_for) it is, so the two never disagree;
// none for the impacts no outage has (none, maintenance).
std::optional<ComponentStatus> status_for_impact(Impact impact) {
  for (ComponentStatus outage : {ComponentStatus::kDegradedPerformance,
                                 ComponentStatus::kPartialOutage, ComponentStatus::kMajorOutage}) {
    if (impact_for(outage) == impact) return outage;
  }
  return std::nullopt;
}

Result<std::optional<IncidentStatus>> parse_status_arg(const std::string& text) {
  if (text.empty()) return std::optional<IncidentStatus>();
  auto status = parse_incident_status(text);
  if (!status) {
    return Error::invalid(
        "unknown status '" + text + "'; use " + std::string(incident_status_names()), "--status");
  }
  return std::optional<IncidentStatus>(status);
}

Result<std::optional<Impact>> parse_impact_arg(const std::string& text) {
  if (text.empty()) return std::optional<Impact>();
  auto impact = parse_impact(text);
  if (!impact) {
    return Error::invalid("unknown impact '" + text + "'; use " + std::string(impact_names()),
                          "--impact");
  }
  return std::optional<Impact>(impact);
}

// What opening and updating take alike from the command line (NewIncident and UpdateRequest):
// --status and --impact, each optional (a bad one is an error naming the option), --message and
// the author.
template <typename Request>
Result<void> read_update_args(const IncidentArgs& args, Request& request) {
  PHAROS_ASSIGN(request.status, parse_status_arg(args.status));
  PHAROS_ASSIGN(request.impact, parse_impact_arg(args.impact));
  request.body = args.message;
  request.author = cli_actor();
  return Ok();
}

// Splits --component values into status changes and plain attachments.
Result<void> parse_components(const std::vector<std::string>& values, std::optional<Impact> impact,
                              ComponentStatusChanges& changes, std::vector<std::string>& attach) {
  for (const auto& value : values) {
    auto eq = value.find('=');
    std::string id = value.substr(0, eq);
    if (eq == std::string::npos) {
      auto implied = impact ? status_for_impact(*impact) : std::nullopt;
      if (implied)
        changes.emplace_back(id, *implied);
      else
        attach.push_back(id);
      continue;
    }
    auto status = parse_component_status(value.substr(eq + 1));
    if (!status) {
      return Error::invalid("unknown component status in '" + value + "'; use " +
                                std::string(component_status_names()),
                            "--component");
    }
    changes.emplace_back(id, *status);
  }
  return Ok();
}

void print_incident(Context& ctx, const Incident& incident, bool json) {
  if (json) return print_json(incident_json(incident));
  const TimeZone& zone = ctx.env->zone();
  std::cout << incident.name << "\n"
            << "  id:        " << incident.id << "\n"
            << "  status:    " << to_string(incident.status) << "\n"
            << "  impact:    " << to_string(incident.impact) << "\n"
            << "  started:   "
            << format_in_zone(incident.started_at, zone, "%b %d, %Y, %I:%M %p %Z") << "\n";
  if (incident.resolved_at) {
    std::cout << "  resolved:  "
              << format_in_zone(*incident.resolved_at, zone, "%b %d, %Y, %I:%M %p %Z")
              << " (lasted " << format_duration_short(*incident.duration()) << ")\n";
  }
  if (!incident.component_ids.empty()) {
    std::cout << "  components:";
    for (const auto& id : incident.component_ids) std::cout << " " << id;
    std::cout << "\n";
  }
  int n = 0;
  for (const auto& u : incident.updates) {
    std::cout << "  " << ++n << ". " << to_string(u.status) << (u.reopened ? " (reopened)" : "")
              << "  " << format_in_zone(u.display_at, zone, "%b %d, %Y, %I:%M %p %Z") << "\n";
    if (!u.body.empty()) std::cout << "     " << u.body << "\n";
  }
}

void list(Context& ctx, const IncidentArgs& args) {
  Environment* env = ctx.environment();
  if (!env) return;
  IncidentQuery query;
  query.kind = args.maintenance ? IncidentKind::kMaintenance : IncidentKind::kIncident;
  if (args.open_only) query.state = IncidentQuery::State::kOpen;
  query.limit = static_cast<size_t>(args.limit);
  auto incidents = env->store().list_incidents(query);
  if (!incidents) return ctx.fail(incidents.error());
  if (args.json) return print_json_array(*incidents, incident_json);
  std::cout << std::left << std::setw(14) << "ID" << std::setw(15) << "STATUS" << std::setw(10)
            << "IMPACT" << std::setw(22) << "STARTED (UTC)"
            << "TITLE\n";
  for (const auto& i : *incidents) {
    std::cout << std::setw(14) << i.id << std::setw(15) << to_string(i.status) << std::setw(10)
              << to_string(i.impact) << std::setw(22) << format_iso_utc(i.started_at) << i.name
              << "\n";
  }
}

void show(Context& ctx, const IncidentArgs& args) {
  Environment* env = ctx.environment();
  if (!env) return;
  auto found = env->store().find_incident(args.id);
  if (!found) return ctx.fail(found.error());
  if (!found->has_value())
    return ctx.fail(Error::not_found("no incident with id '" + args.id + "'"));
  print_incident(ctx, **found, args.json);
}

// Makes one change through the IncidentService (`change` returns the changed incident or
// maintenance) and prints the result: as JSON with --json, else the line `summary(out, changed)`
// writes.
template <typename Change, typename Summary>
void change_incident(Context& ctx, const IncidentArgs& args, Change change, Summary summary) {
  Environment* env = ctx.environment();
  if (!env) return;
  Result<Incident> changed = change(env->incidents());
  if (!changed) return ctx.fail(as_cli(changed.error()));
  if (args.json) return print_json(incident_json(*changed));
  summary(std::cout, *changed);
}

void open(Context& ctx, const IncidentArgs& args) {
  NewIncident request;
  request.kind = IncidentKind::kIncident;
  request.name = args.title;
  if (auto read = read_update_args(args, request); !read) return ctx.fail(read.error());
  auto parsed = parse_components(args.components, request.impact, request.component_statuses,
                                 request.component_ids);
  if (!parsed) return ctx.fail(parsed.error());
  change_incident(
      ctx, args, [&](IncidentService& s) { return s.open(request, cli_actor()); },
      [](std::ostream& out, const Incident& i) {
        out << "opened incident " << i.id << " (" << to_string(i.impact) << ", "
            << to_string(i.status) << ")\n";
      });
}

void update(Context& ctx, const IncidentArgs& args) {
  UpdateRequest request;
  if (auto read = read_update_args(args, request); !read) return ctx.fail(read.error());
  std::vector<std::string> attach;
  auto parsed = parse_components(args.components, std::nullopt, request.component_statuses, attach);
  if (!parsed) return ctx.fail(parsed.error());
  if (!attach.empty()) {
    return ctx.fail(Error::invalid(
        "give each component its new status, e.g. --component " + attach.front() + "=operational",
        "--component"));
  }
  change_incident(
      ctx, args, [&](IncidentService& s) { return s.post_update(args.id, request, cli_actor()); },
      [](std::ostream& out, const Incident& i) {
        out << "updated incident " << i.id << " (" << to_string(i.status)
            << (i.updates.back().reopened ? ", reopened" : "") << ")\n";
      });
}

void resolve(Context& ctx, const IncidentArgs& args) {
  change_incident(
      ctx, args,
      [&](IncidentService& s) {
        return s.resolve(args.id, args.message, cli_actor(), cli_actor());
      },
      [](std::ostream& out, const Incident& i) {
        out << "resolved incident " << i.id << " after "
            << format_duration_short(i.duration().value_or(std::chrono::seconds(0))) << "\n";
      });
}

void hand_back(Context& ctx, const IncidentArgs& args) {
  change_incident(
      ctx, args, [&](IncidentService& s) { return s.hand_back(args.id, cli_actor()); },
      [](std::ostream& out, const Incident& i) {
        out << "automation drives incident " << i.id << " again\n";
      });
}

void schedule(Context& ctx, const IncidentArgs& args) {
  auto from = window_arg(args.starts, "--starts");
  if (!from) return ctx.fail(from.error());
  auto until = window_arg(args.ends, "--ends");
  if (!until) return ctx.fail(until.error());
  NewIncident request;
  request.kind = IncidentKind::kMaintenance;
  request.name = args.title;
  request.body = args.message;
  request.scheduled_for = *from;
  request.scheduled_until = *until;
  request.author = cli_actor();
  request.deliver_notifications = !args.quiet;
  ComponentStatusChanges unused;
  auto parsed = parse_components(args.components, std::nullopt, unused, request.component_ids);
  if (!parsed) return ctx.fail(parsed.error());
  change_incident(
      ctx, args, [&](IncidentService& s) { return s.open(request, cli_actor()); },
      [](std::ostream& out, const Incident& m) {
        out << "scheduled maintenance " << m.id << " for " << format_iso_utc(*m.scheduled_for)
            << " – " << format_iso_utc(*m.scheduled_until) << "\n";
      });
}

void reschedule(Context& ctx, const IncidentArgs& args) {
  auto from = window_arg(args.starts, "--starts");
  if (!from) return ctx.fail(from.error());
  auto until = window_arg(args.ends, "--ends");
  if (!until) return ctx.fail(until.error());
  IncidentService::Reschedule request{.scheduled_for = *from,
                                      .scheduled_until = *until,
                                      .body = args.message,
                                      .author = cli_actor(),
                                      .notify = !args.quiet};
  change_incident(
      ctx, args, [&](IncidentService& s) { return s.reschedule(args.id, request, cli_actor()); },
      [](std::ostream& out, const Incident& m) {
        out << "rescheduled maintenance " << m.id << " to " << format_iso_utc(*m.scheduled_for)
            << " – " << format_iso_utc(*m.scheduled_until) << "\n";
      });
}

void cancel(Context& ctx, const IncidentArgs& args) {
  change_incident(
      ctx, args,
      [&](IncidentService& s) {
        return s.cancel_maintenance(args.id, args.message, cli_actor(), cli_actor());
      },
      [](std::ostream& out, const Incident& m) {
        out << "cancelled maintenance " << m.id << " (completed with a cancellation update)"
            << "\n";
      });
}

void add_maintenance_commands(CommandFamily<IncidentArgs>& incident, IncidentArgs& args) {
  auto* sc =
      incident.command("schedule",
                       "Schedule a maintenance window (it must end in the future). Example:\n  "
                       "pharos incident schedule --title \"Database upgrade\" --starts "
                       "2026-12-05T22:00:00Z --ends 2026-12-05T23:00:00Z --component api",
                       schedule);
  sc->add_option("-t,--title", args.title, "What will happen, as customers should read it")
      ->required();
  sc->add_option("--starts", args.starts, "Window start, ISO 8601")->required();
  sc->add_option("--ends", args.ends, "Window end, ISO 8601")->required();
  sc->add_option("--component", args.components, "A component in the window (repeat)");
  sc->add_option("-m,--message", args.message, "The announcement (Markdown)");
  sc->add_flag("--no-notify", args.quiet, "Do not tell subscribers");
  sc->add_flag("--json", args.json, "Print the maintenance as JSON");

  auto* rs = incident.on_id("reschedule",
                            "Move a maintenance window (only its end once it started); "
                            "subscribers are told once",
                            "Maintenance id", reschedule);
  rs->add_option("--starts", args.starts, "New start, ISO 8601")->required();
  rs->add_option("--ends", args.ends, "New end, ISO 8601")->required();
  rs->add_option("-m,--message", args.message,
                 "The update's text (default: The maintenance "
                 "window has been rescheduled.)");
  rs->add_flag("--no-notify", args.quiet, "Do not tell subscribers");
  rs->add_flag("--json", args.json, "Print the maintenance as JSON");

  auto* ca = incident.on_id("cancel",
                            "Cancel a maintenance that has not started (it is completed with a "
                            "cancellation update: Statuspage has no cancelled status)",
                            "Maintenance id", cancel);
  ca->add_option("-m,--message", args.message,
                 "The update's text (default: This scheduled "
                 "maintenance has been cancelled.)");
  ca->add_flag("--json", args.json, "Print the maintenance as JSON");
}

}  // namespace

void add_incident_commands(CLI::App& app, Context& ctx) {
  static IncidentArgs args;
  CommandFamily incident(app, ctx, args, "incident", "List, open, update and resolve incidents");

  auto* l = incident.list("List incidents, newest first", list);
  l->add_flag("--open", args.open_only, "Only unresolved incidents");
  l->add_flag("--maintenance", args.maintenance, "List scheduled maintenances instead");
  l->add_option("--limit", args.limit, "At most this many (default 50)")
      ->check(CLI::Range(1, 1000));

  auto* s =
      incident.on_id("show", "Show one incident with its update timeline", "Incident id", show);
  s->add_flag("--json", args.json, "Print JSON");

  auto* o = incident.command(
      "open",
      "Open an incident. Example:\n  pharos incident open --title \"API down\" --impact "
      "major --component api --message \"We are investigating.\"",
      open);
  o->add_option("-t,--title", args.title, "What is wrong, as customers should read it")->required();
  o->add_option("-i,--impact", args.impact,
                "none, minor, major or critical (default: from the "
                "component statuses)");
  o->add_option("-s,--status", args.status, "investigating (default), identified or monitoring");
  o->add_option("--component", args.components,
                "Affected component id, optionally with its new status: api or "
                "api=partial_outage. Without a status it follows --impact (minor → "
                "degraded_performance, major → partial_outage, critical → major_outage)");
  o->add_option("-m,--message", args.message, "The first update's text (Markdown)");
  o->add_flag("--json", args.json, "Print the incident as JSON");

  auto* u = incident.on_id("update",
                           "Post an update; a resolved incident given an active status is reopened",
                           "Incident id", update);
  u->add_option("-s,--status", args.status, "New status (default: unchanged)");
  u->add_option("-i,--impact", args.impact, "Fix the impact (none, minor, major, critical)");
  u->add_option("--component", args.components, "Component status change: api=operational");
  u->add_option("-m,--message", args.message, "The update's text (Markdown)");
  u->add_flag("--json", args.json, "Print the incident as JSON");

  auto* r = incident.on_id("resolve",
                           "Resolve an incident (complete a maintenance); components it set by "
                           "hand go back to operational",
                           "Incident id", resolve);
  r->add_option("-m,--message", args.message,
                "Closing note (default: This incident has been resolved.)");
  r->add_flag("--json", args.json, "Print the incident as JSON");

  auto* h = incident.on_id("handback",
                           "Hand an automatic incident you took over back to automation (it will "
                           "post updates and resolve it when the components stay healthy)",
                           "Incident id", hand_back);
  h->add_flag("--json", args.json, "Print the incident as JSON");
  add_maintenance_commands(incident, args);
}

}  // namespace pharos::cli
