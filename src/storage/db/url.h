#pragma once
// Storage URLs: what Pharos reads from a postgres:// URI before handing the rest to libpq, and
// the form of a URI that may appear in messages (never its password).
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pharos::db {

// A PostgreSQL URI split into what libpq reads and Pharos's own settings (query parameters
// libpq does not know, removed before connecting):
//   pool_size=N            connections per store at most (default 4)
//   statement_timeout=D    every statement's limit, set on each connection (default 10s)
//   acquire_timeout=D      how long a caller waits for a free connection (default 10s)
// D is a duration ("500ms", "10s") or milliseconds. Everything else — hosts (a multi-host list
// "h1:5432,h2:5432"), target_session_attrs, sslmode, connect_timeout, password — goes to libpq
// unchanged. PGPASSWORD and ~/.pgpass work as with psql.
struct PgUrl {
  std::string conninfo;  // the URI for libpq
  std::string display;   // the URI with any password replaced by ***
  std::size_t pool_size = 4;
  std::chrono::milliseconds statement_timeout{10'000};
  std::chrono::milliseconds acquire_timeout{10'000};
};

// True for "postgres://…" and "postgresql://…": storage on PostgreSQL, where several Pharos
// processes may serve as nodes of one installation.
bool is_postgres_url(std::string_view url);

// kInvalidArgument naming `storage` for a bad Pharos setting.
Result<PgUrl> parse_pg_url(const std::string& url);

// `url` with the password of its userinfo ("user:secret@") and any password= parameter
// replaced by ***. Anything not a URI is returned as it is.
std::string redact_url(std::string_view url);

// `text` (a message that may quote parts of `url`, as libpq's do) with every password `url`
// carries replaced by ***.
std::string redact_text(std::string text, std::string_view url);

}  // namespace pharos::db
