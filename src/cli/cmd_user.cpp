// pharos user add|list|remove, pharos token create|list|revoke and pharos audit list
#include <cstdlib>
#include <iostream>

#include "app/pages.h"
#include "auth/auth_json.h"
#include "auth/auth_service.h"
#include "cli/commands.h"
#include "cli/json_output.h"

namespace pharos::cli {
namespace {

struct UserArgs {
  std::string name;
  std::string role = "viewer";
  bool password_stdin = false;
  std::string user;
  std::string label;
  std::vector<std::string> scopes;
  std::vector<std::string> pages;
  std::string expires;
  std::string id;
  std::size_t limit = 50;
  bool json = false;
};

template <typename F>
void with_auth(Context& ctx, F body) {
  Environment* env = ctx.environment();
  if (!env) return;
  auto store = open_auth_store(storage_url(env->config(), env->data_dir()));
  if (!store) return ctx.fail(store.error());
  auth::AuthService service(**store, env->clock());
  body(*env, service);
}

using auth::token_json;
using auth::user_json;

void user_add(Context& ctx, const UserArgs& a) {
  auto role = parse_role(a.role);
  if (!role) return ctx.fail(Error::invalid("use admin, responder or viewer", "--role"));
  auth::NewUser request{a.name, *role, {}};
  bool generated = !a.password_stdin;
  if (a.password_stdin) {
    std::getline(std::cin, request.password);
  } else {
    request.password = auth::generate_password();
  }
  with_auth(ctx, [&](Environment& env, auth::AuthService& auth) {
    auto pages = auth::resolve_pages(a.pages, page_choices(env.config()), "--page");
    if (!pages) return ctx.fail(pages.error());
    request.pages = *pages;
    auto user = auth.add_user(request, cli_actor());
    if (!user) return ctx.fail(user.error());
    if (a.json) {
      auto o = user_json(*user);
      if (generated) o["password"] = request.password;
      return print_json(o);
    }
    std::cout << "added " << to_string(user->role) << " " << user->name << "\n";
    if (generated) std::cout << "password (shown once): " << request.password << "\n";
  });
}

void user_list(Context& ctx, const UserArgs& a) {
  with_auth(ctx, [&](Environment&, auth::AuthService& auth) {
    auto users = auth.list_users();
    if (!users) return ctx.fail(users.error());
    if (a.json) return print_json_array(*users, user_json);
    for (const auto& u : *users) {
      std::string pages;
      for (const auto& p : u.pages) pages += (pages.empty() ? "" : ",") + (p.empty() ? "main" : p);
      std::cout << u.name << "\t" << to_string(u.role) << "\t" << format_iso_utc(u.created_at)
                << (pages.empty() ? "" : "\tpages: " + pages) << "\n";
    }
  });
}

void user_remove(Context& ctx, const UserArgs& a) {
  with_auth(ctx, [&](Environment&, auth::AuthService& auth) {
    auto removed = auth.remove_user(a.name, cli_actor());
    if (!removed) return ctx.fail(removed.error());
    std::cout << "removed " << a.name << " and its tokens\n";
  });
}

void token_create(Context& ctx, const UserArgs& a) {
  auth::NewToken request{a.user, a.label, {}, std::nullopt};
  for (const auto& name : a.scopes) {
    auto scope = parse_scope(name);
    if (!scope) return ctx.fail(Error::invalid("use read, write or admin", "--scope"));
    request.scopes.push_back(*scope);
  }
  with_auth(ctx, [&](Environment& env, auth::AuthService& auth) {
    // "main" names the main page; anything else a page of `pages:`.
    auto pages = auth::resolve_pages(a.pages, page_choices(env.config()), "--page");
    if (!pages) return ctx.fail(pages.error());
    request.pages = *pages;
    if (!a.expires.empty()) {
      auto at = auth::parse_expiry(a.expires, env.clock().now());
      if (!at) return ctx.fail(Error::invalid(at.error().message, "--expires"));
      request.expires_at = *at;
    }
    auto issued = auth.create_token(request, cli_actor());
    if (!issued) return ctx.fail(issued.error());
    if (a.json) {
      auto o = token_json(issued->token, env.clock().now());
      o["token"] = issued->secret;
      return print_json(o);
    }
    std::cout << "token " << issued->token.id << " for " << a.user << " (shown once, store it "
              << "now):\n"
              << issued->secret << "\n";
  });
}

void token_list(Context& ctx, const UserArgs& a) {
  with_auth(ctx, [&](Environment& env, auth::AuthService& auth) {
    auto tokens = auth.list_tokens(a.user.empty() ? std::nullopt : std::optional(a.user));
    if (!tokens) return ctx.fail(tokens.error());
    boost::json::array out;
    for (const auto& t : *tokens) out.push_back(token_json(t, env.clock().now()));
    if (a.json) return print_json(out);
    for (const auto& v : out) {
      const auto& o = v.as_object();
      std::cout << o.at("id").as_string().c_str() << "\t" << o.at("hint").as_string().c_str()
                << "…\t" << (o.at("active").as_bool() ? "active" : "inactive") << "\t"
                << boost::json::serialize(o.at("scopes")) << "\t"
                << o.at("label").as_string().c_str() << "\n";
    }
  });
}

void token_revoke(Context& ctx, const UserArgs& a) {
  with_auth(ctx, [&](Environment&, auth::AuthService& auth) {
    auto revoked = auth.revoke_token(a.id, cli_actor());
    if (!revoked) return ctx.fail(revoked.error());
    std::cout << "revoked " << a.id << "\n";
  });
}

void audit_list(Context& ctx, const UserArgs& a) {
  with_auth(ctx, [&](Environment&, auth::AuthService& auth) {
    auto entries = auth.audit_log(a.limit, 0);
    if (!entries) return ctx.fail(entries.error());
    if (a.json) return print_json_array(*entries, auth::audit_json);
    for (const auto& e : *entries) {
      std::cout << format_iso_utc(e.at) << "\t" << e.actor << "\t" << e.action << "\t" << e.target
                << "\n";
    }
  });
}

}  // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  static UserArgs args;
  CommandFamily user(app, ctx, args, "user", "Manage users of the admin UI and management API");
  auto* add = user.command("add", "Add a user (prints a generated password once)", user_add);
  add->add_option("NAME", args.name, "User name: a-z, 0-9, '.', '_', '-'")->required();
  add->add_option("--role", args.role, "admin, responder or viewer (default: viewer)");
  add->add_flag("--password-stdin", args.password_stdin,
                "Read the password from the first line of stdin instead of generating one");
  add->add_flag("--json", args.json, "Print the user as JSON");
  add->add_option("--page", args.pages,
                  "Reads only this status page (a slug of pages:, or main; repeatable) and not "
                  "the admin UI or the management API; default: a user of the admin UI");
  user.list("List users", user_list);
  auto* rm = user.command("remove", "Remove a user and its tokens", user_remove);
  rm->add_option("NAME", args.name, "User name")->required();

  CommandFamily token(app, ctx, args, "token", "Manage API tokens for /api/manage/v1");
  auto* create =
      token.command("create", "Create a token (printed once, stored hashed)", token_create);
  create->add_option("--user", args.user, "The user the token acts as")->required();
  create->add_option("--scope", args.scopes, "read, write or admin (repeatable)")->required();
  create->add_option("--label", args.label, "What the token is for");
  create->add_option("--page", args.pages,
                     "Private pages it may read: a slug of pages:, or main (repeatable; default: "
                     "all)");
  create->add_option("--expires", args.expires,
                     "30d, 12h, 90m or an ISO-8601 time (default: "
                     "never)");
  create->add_flag("--json", args.json, "Print the token as JSON");
  auto* tl = token.list("List tokens (never the tokens themselves)", token_list);
  tl->add_option("--user", args.user, "Only this user's");
  token.on_id("revoke", "Revoke a token", "Token id from `token list`", token_revoke);

  CommandFamily audit(app, ctx, args, "audit", "Read the audit log of changes");
  auto* al = audit.list("Newest changes first: when, who, what, target", audit_list,
                        "Print a JSON array with before/after");
  al->add_option("--limit", args.limit, "At most this many (default 50)");
}

}  // namespace pharos::cli
