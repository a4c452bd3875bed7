#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace pharos::markdown {

std::string to_html(std::string_view markdown) {
  // Extension registration mutates a global registry: do it once.
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  // CMARK_OPT_DEFAULT is safe mode in cmark-gfm ≥ 0.29 (raw HTML and unsafe URLs are dropped);
  // tagfilter is a second line of defence should an option ever turn raw HTML on.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"tagfilter", "autolink", "strikethrough", "table"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out(html ? html : "");
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace pharos::markdown
