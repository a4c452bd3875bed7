// pharos component list | set-status
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "cli/json_output.h"

namespace pharos::cli {
namespace {

struct ComponentArgs {
  bool json = false;
  std::string id;
  std::string status;
};

void list_components(Context& ctx, const ComponentArgs& args) {
  Environment* env = ctx.environment();
  if (!env) return;
  auto components = env->store().list_components();
  if (!components) return ctx.fail(components.error());
  if (args.json) return print_json_array(*components, component_json);
  std::cout << std::left << std::setw(16) << "ID" << std::setw(22) << "STATUS" << std::setw(10)
            << "SOURCE"
            << "NAME\n";
  for (const auto& c : *components) {
    std::cout << std::setw(16) << c.id << std::setw(22) << to_string(c.status) << std::setw(10)
              << (c.status_source == StatusSource::kManual ? "manual" : "auto") << c.name << "\n";
  }
}

void set_status(Context& ctx, const ComponentArgs& args) {
  std::optional<ComponentStatus> status;
  if (args.status != "auto") {
    status = parse_component_status(args.status);
    if (!status) {
      return ctx.fail(Error::invalid("unknown status '" + args.status + "'; use " +
                                         std::string(component_status_names()) +
                                         ", or auto to hand it back to its monitors",
                                     "STATUS"));
    }
  }
  Environment* env = ctx.environment();
  if (!env) return;
  if (!status) {
    auto handed = env->incidents().hand_back_component(args.id, cli_actor());
    if (!handed) return ctx.fail(handed.error());
    if (args.json) return print_json(component_json(handed->component));
    std::cout << handed->component.id << ": " << to_string(handed->component.status)
              << " (automatic; " << handed->note << ")\n";
    return;
  }
  auto component = env->incidents().set_component_status(args.id, status, cli_actor());
  if (!component) return ctx.fail(component.error());
  if (args.json) return print_json(component_json(*component));
  std::cout << component->id << ": " << to_string(component->status) << " (set by hand)\n";
}

}  // namespace

void add_component_commands(CLI::App& app, Context& ctx) {
  static ComponentArgs args;
  CommandFamily component(app, ctx, args, "component", "List components and set their status");
  component.list("List components with their current status", list_components);

  auto* set = component.on_id("set-status",
                              "Set a component's status by hand (it stays until set again), or "
                              "`auto` to let its monitors decide again",
                              "Component id from pharos.yaml", set_status);
  set->add_option("STATUS", args.status,
                  "operational, degraded_performance, partial_outage, major_outage, "
                  "under_maintenance or auto")
      ->required();
  set->add_flag("--json", args.json, "Print the component as JSON");
}

}  // namespace pharos::cli
