#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace pharos::markdown {

namespace {

// CMARK_OPT_DEFAULT is safe mode in cmark-gfm ≥ 0.29 (raw HTML and unsafe URLs are dropped);
// tagfilter is a second line of defence should an option ever turn raw HTML on.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS;

// Parses `markdown` with the extensions both renderers use and hands the tree to `use`.
template <typename Use>
std::string with_document(std::string_view markdown, Use use) {
  // Extension registration mutates a global registry: do it once.
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  cmark_parser* parser = cmark_parser_new(kOptions);
  for (const char* name : {"tagfilter", "autolink", "strikethrough", "table"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  std::string out = use(parser, doc);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

void append_spaced(std::string& out, std::string_view text) {
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
}

}  // namespace

std::string to_html(std::string_view markdown) {
  return with_document(markdown, [](cmark_parser* parser, cmark_node* doc) {
    char* html = cmark_render_html(doc, kOptions, cmark_parser_get_syntax_extensions(parser));
    std::string out(html ? html : "");
    std::free(html);
    return out;
  });
}

std::string to_plain_text(std::string_view markdown) {
  return with_document(markdown, [](cmark_parser*, cmark_node* doc) {
    std::string out;
    cmark_iter* iter = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
      cmark_node* node = cmark_iter_get_node(iter);
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
          if (const char* text = cmark_node_get_literal(node)) append_spaced(out, text);
          break;
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_HTML_BLOCK:
          break;  // dropped, as in safe-mode HTML
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          append_spaced(out, " ");
          break;
        default: {
          // The end of a block (paragraph, item, heading, table cell) separates words; the end
          // of emphasis or a link does not ("**bold**ly" stays one word).
          bool block = (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
          if (block && ev == CMARK_EVENT_EXIT) append_spaced(out, " ");
        }
      }
    }
    cmark_iter_free(iter);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  });
}

}  // namespace pharos::markdown
