#include "site/snapshot.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>

#include "core/text.h"
#include "site/compress.h"

namespace pharos::site {
namespace {

std::string header_lines(const Resource& r, std::string_view encoding, std::string_view etag) {
  std::string h;
  h.reserve(256);
  h.append("Content-Type: ").append(r.content_type).append("\r\n");
  if (!encoding.empty()) h.append("Content-Encoding: ").append(encoding).append("\r\n");
  h.append("ETag: ").append(etag).append("\r\n");
  h.append("Last-Modified: ").append(format_http_date(r.last_modified)).append("\r\n");
  switch (r.cache) {
    case CachePolicy::kRevalidate:
      h.append("Cache-Control: public, no-cache\r\n");
      break;
    case CachePolicy::kStatic:
      h.append("Cache-Control: public, max-age=3600\r\n");
      break;
    case CachePolicy::kShort:
      h.append("Cache-Control: public, max-age=60\r\n");
      break;
    case CachePolicy::kImmutable:
      h.append("Cache-Control: public, max-age=31536000, immutable\r\n");
      break;
  }
  h.append("Vary: Accept-Encoding\r\n");
  if (r.cors) h.append("Access-Control-Allow-Origin: *\r\n");
  h.append("X-Content-Type-Options: nosniff\r\n");
  return h;
}

// The ETag of an encoded variant: the identity tag with a suffix, so each representation has its
// own strong validator.
std::string variant_etag(const std::string& etag, std::string_view suffix) {
  return etag.substr(0, etag.size() - 1) + "-" + std::string(suffix) + "\"";
}

std::shared_ptr<const MemoryFile> file_for(std::string_view body) {
  return body.size() >= kSendfileThreshold ? MemoryFile::create(body) : nullptr;
}

std::optional<Variant> compressed(const Resource& r, std::optional<std::string> body,
                                  std::string_view encoding) {
  if (!body || body->size() >= r.identity.body.size()) return std::nullopt;
  auto file = file_for(*body);
  Variant v{std::move(*body), header_lines(r, encoding, variant_etag(r.etag, encoding)),
            std::move(file)};
  return v;
}

// Quality of `coding` in an Accept-Encoding value: 0 when absent or q=0.
bool accepts(std::string_view accept, std::string_view coding) {
  size_t pos = 0;
  while (pos < accept.size()) {
    size_t comma = accept.find(',', pos);
    if (comma == std::string_view::npos) comma = accept.size();
    std::string_view item = trim(accept.substr(pos, comma - pos));
    pos = comma + 1;
    size_t semi = item.find(';');
    if (!equals_ci(trim(item.substr(0, semi)), coding)) continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = trim(item.substr(semi + 1));
    if (starts_with_ci(params, "q=")) {
      std::string_view q = trim(params.substr(2));
      return !(q == "0" || q == "0." || q == "0.0" || q == "0.00" || q == "0.000");
    }
    return true;
  }
  return false;
}

// True when the If-None-Match list names this resource (weak comparison, any encoding).
bool etag_matches(std::string_view if_none_match, const std::string& etag) {
  if (trim(if_none_match) == "*") return true;
  std::string_view base(etag.data() + 1, etag.size() - 2);  // without quotes
  size_t pos = 0;
  while ((pos = if_none_match.find('"', pos)) != std::string_view::npos) {
    size_t end = if_none_match.find('"', pos + 1);
    if (end == std::string_view::npos) break;
    std::string_view tag = if_none_match.substr(pos + 1, end - pos - 1);
    if (tag == base || (tag.size() > base.size() && tag.substr(0, base.size()) == base &&
                        tag[base.size()] == '-')) {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

}  // namespace

std::shared_ptr<const MemoryFile> MemoryFile::create(std::string_view bytes) {
  int fd = memfd_create("pharos-page", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  std::shared_ptr<const MemoryFile> file(new MemoryFile(fd));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return nullptr;
    done += static_cast<size_t>(n);
  }
  return file;
}

MemoryFile::~MemoryFile() { ::close(fd_); }

std::string content_hash(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Resource make_resource(std::string body, std::string content_type, Instant now, CachePolicy cache,
                       bool cors, const Resource* previous, bool* compressed_now) {
  if (compressed_now) *compressed_now = false;
  Resource r;
  r.content_type = std::move(content_type);
  // An unchanged body keeps its tag without hashing it again: comparing is far cheaper than
  // hashing, and most documents of a rebuild are unchanged.
  bool same = previous && previous->identity.body == body;
  r.etag = same ? previous->etag : "\"" + content_hash(body) + "\"";
  r.cors = cors;
  r.cache = cache;
  r.last_modified = same ? previous->last_modified : now;
  r.identity.body = std::move(body);
  r.identity.headers = header_lines(r, "", r.etag);
  if (same)
    r.identity.file = previous->identity.file;
  else
    r.identity.file = file_for(r.identity.body);
  if (same && previous->cors == cors && previous->cache == cache) {
    r.gzip = previous->gzip;
    r.brotli = previous->brotli;
    return r;
  }
  if (compressed_now) *compressed_now = true;
  r.gzip = compressed(r, gzip_compress(r.identity.body), "gzip");
  r.brotli = compressed(r, brotli_compress(r.identity.body), "br");
  return r;
}

const Resource* Snapshot::find(std::string_view key) const {
  auto it = resources_.find(key);
  if (it != resources_.end()) return it->second.resource.get();
  for (const auto& block : blocks_) {
    if (!block) continue;
    if (const Resource* found = block->find(key)) return found;
  }
  return nullptr;
}

std::vector<std::pair<const std::string&, const Resource&>> Snapshot::resources() const {
  std::vector<std::pair<const std::string&, const Resource&>> out;
  out.reserve(size());
  for (const auto& [key, entry] : resources_) out.emplace_back(key, *entry.resource);
  for (const auto& block : blocks_) {
    if (!block) continue;
    block->for_each(
        [&](const std::string& key, const Resource& resource) { out.emplace_back(key, resource); });
  }
  return out;
}

std::size_t Snapshot::size() const {
  std::size_t n = resources_.size();
  for (const auto& block : blocks_) n += block ? block->size() : 0;
  return n;
}

const Snapshot::Entry* Snapshot::entry(std::string_view key) const {
  auto it = resources_.find(key);
  return it == resources_.end() ? nullptr : &it->second;
}

namespace {

// A browser asking for a page (not an API client, not a feed reader): it gets the HTML 404.
bool wants_html(const web::Request& request) {
  return request.header("Accept").find("text/html") != std::string_view::npos &&
         !request.path.starts_with("/api/");
}

}  // namespace

web::Response serve_from(const std::shared_ptr<const Snapshot>& snapshot,
                         const web::Request& request) {
  const Resource* r = nullptr;
  if (!request.query.empty()) r = snapshot->find(request.path + "?" + request.query);
  if (!r) r = snapshot->find(request.path);
  unsigned status = 200;
  if (!r && wants_html(request)) {
    r = snapshot->find(kNotFoundPath);
    status = 404;
  }
  if (!r) return web::error_response(Error::not_found("no such page: " + request.path));
  std::string_view accept = request.header("Accept-Encoding");
  const Variant* v = &r->identity;
  if (r->brotli && accepts(accept, "br"))
    v = &*r->brotli;
  else if (r->gzip && (accepts(accept, "gzip") || accepts(accept, "x-gzip")))
    v = &*r->gzip;

  web::Response response;
  response.owner = snapshot;
  response.shared_headers = v->headers;
  response.shared_body = v->body;
  response.body_fd = v->file ? v->file->fd() : -1;
  response.status = status;
  response.omit_body = request.method == web::Method::kHead;
  std::string_view inm = request.header("If-None-Match");
  if (status == 200 && !inm.empty() && etag_matches(inm, r->etag)) {
    response.status = 304;
    response.omit_body = true;
  }
  return response;
}

}  // namespace pharos::site
