#pragma once
// The immutable, fully rendered public site: every page and JSON document as ready bytes, with
// gzip and brotli variants, ETag, Last-Modified, content type and cache headers. Built off the
// request path (site_builder.h); serving a request is a hash lookup plus header checks.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.h"
#include "web/http.h"

namespace pharos::site {

// How a document may be cached and shared.
enum class CachePolicy {
  kRevalidate,  // pages and API: always revalidate (cheap 304), so an update shows at once
  kStatic,      // the stylesheet: cache for an hour
  kShort,       // badges and the widget, embedded elsewhere: a minute, then revalidate
  kImmutable,   // brand files under a content-hashed name: a year, never revalidated
};

// A read-only in-memory file (memfd) holding a copy of a large body, so the server can hand it to
// the kernel with sendfile(2) (no copy through user space, as nginx does for static files).
class MemoryFile {
 public:
  // nullptr when the kernel refuses (the body is then written from memory as usual).
  static std::shared_ptr<const MemoryFile> create(std::string_view bytes);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  int fd() const { return fd_; }

 private:
  explicit MemoryFile(int fd) : fd_(fd) {}
  int fd_;
};

// Bodies at least this large also get a MemoryFile.
inline constexpr std::size_t kSendfileThreshold = 16 * 1024;

// One body in one encoding, with its pre-rendered header lines.
struct Variant {
  std::string body;
  std::string headers;  // Content-Type, Content-Encoding, ETag, Last-Modified, Cache-Control…
  std::shared_ptr<const MemoryFile> file;  // set for bodies of kSendfileThreshold bytes or more
};

struct Resource {
  std::string content_type;
  std::string etag;  // strong validator of the identity body: "\"<16 hex>\""
  Instant last_modified{};
  bool cors = false;  // Access-Control-Allow-Origin: * (the JSON API)
  CachePolicy cache = CachePolicy::kRevalidate;
  Variant identity;
  std::optional<Variant> gzip;    // only when smaller than identity
  std::optional<Variant> brotli;  // only when smaller than identity
};

// Builds a resource: computes the ETag, compresses and renders the header lines. When `previous`
// holds the same bytes, its compressed variants and Last-Modified are reused (no recompression).
// `compressed` (optional) is set to whether gzip and brotli ran.
Resource make_resource(std::string body, std::string content_type, Instant now, CachePolicy cache,
                       bool cors, const Resource* previous, bool* compressed = nullptr);

// What one build did, for the logs and the tests: how many documents it rendered, how many it
// took unchanged from the previous build (neither rendered nor compressed), how many it compressed.
struct BuildStats {
  std::size_t rendered = 0;
  std::size_t reused = 0;
  std::size_t compressed = 0;

  BuildStats& operator+=(const BuildStats& o) {
    rendered += o.rendered, reused += o.reused, compressed += o.compressed;
    return *this;
  }
};

// Documents a module renders and keeps itself between builds, handed to each snapshot as one
// immutable block (the /vendors pages: ~6,000 documents at 2,000 vendors), so a build takes them
// over by one pointer instead of re-creating an entry per document. A block never changes once
// handed over: a change makes a new block (which may share the unchanged parts of the old one).
class DocumentBlock {
 public:
  virtual ~DocumentBlock() = default;
  virtual const Resource* find(std::string_view key) const = 0;
  // Calls `visit` for every document of the block, in no particular order.
  virtual void for_each(
      const std::function<void(const std::string& key, const Resource&)>& visit) const = 0;
  virtual std::size_t size() const = 0;
};

class Snapshot {
 public:
  // One served document, shared with the next build when its inputs did not change.
  struct Entry {
    std::shared_ptr<const Resource> resource;
    // What the document was rendered from (site/fingerprint.h); empty: always rendered again.
    std::string inputs;
  };

  Snapshot(std::int64_t revision, Instant built_at) : revision_(revision), built_at_(built_at) {}

  // Adds (or replaces) the resource served at `key`: a path, or path + "?" + query.
  void put(std::string key, Resource resource, std::string inputs = {}) {
    share(std::move(key), std::make_shared<const Resource>(std::move(resource)), std::move(inputs));
  }
  // Adds a resource another snapshot holds too (an unchanged document of the previous build).
  void share(std::string key, std::shared_ptr<const Resource> resource, std::string inputs) {
    resources_[std::move(key)] = Entry{std::move(resource), std::move(inputs)};
  }
  // Adds a block of documents (may be null: none), looked up after the snapshot's own; its keys
  // are none of those.
  void attach(std::shared_ptr<const DocumentBlock> block) { blocks_.push_back(std::move(block)); }
  const std::vector<std::shared_ptr<const DocumentBlock>>& blocks() const { return blocks_; }
  const Resource* find(std::string_view key) const;
  // The snapshot's own entry at `key` (not its blocks': they keep their own inputs).
  const Entry* entry(std::string_view key) const;
  // Every (key, resource) pair, blocks included, in no particular order.
  std::vector<std::pair<const std::string&, const Resource&>> resources() const;
  std::size_t size() const;

  std::int64_t revision() const { return revision_; }
  Instant built_at() const { return built_at_; }
  const BuildStats& stats() const { return stats_; }
  BuildStats& stats() { return stats_; }

 private:
  // Transparent hashing: lookups by string_view allocate nothing.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::int64_t revision_;
  Instant built_at_;
  std::unordered_map<std::string, Entry, KeyHash, std::equal_to<>> resources_;
  std::vector<std::shared_ptr<const DocumentBlock>> blocks_;
  BuildStats stats_;
};

// The page browsers get (with status 404) for an address the snapshot does not have; also
// written by export-static, where static hosts serve it for missing paths.
inline constexpr const char* kNotFoundPath = "/404.html";

// Answers a GET/HEAD from `snapshot` (kept alive by the response): negotiates the encoding from
// Accept-Encoding (br, then gzip, then identity; q=0 honoured), answers 304 when If-None-Match
// names the resource's ETag. An unknown path is a 404: the kNotFoundPath page for a browser
// (Accept: text/html, outside /api/), the JSON error body for everyone else. No allocation
// beyond the response itself.
web::Response serve_from(const std::shared_ptr<const Snapshot>& snapshot,
                         const web::Request& request);

// 64-bit FNV-1a of `data`, as 16 lowercase hex digits (stable across processes and runs).
std::string content_hash(std::string_view data);

}  // namespace pharos::site
