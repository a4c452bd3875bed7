#include "importer/html_text.h"

#include <gumbo.h>

#include "core/text.h"
#include "importer/vocabulary.h"

namespace pharos::importer {
namespace {

struct Builder {
  std::vector<Line> lines;
  std::string current;
  int current_line = 0;
  bool pending_space = false;
  std::string pending_prefix;  // a list marker ("1. ", "- ") for the next text, as browsers copy it
  PageHints hints;

  void end_line() {
    std::string t = normalise_spaces(trim_text(current));
    if (!t.empty())
      lines.push_back({current_line, t});
    else if (!lines.empty() && !lines.back().text.empty())
      lines.push_back({current_line, ""});
    current.clear();
    pending_space = false;
  }
  void add_text(std::string_view text, int line, bool preserve) {
    for (char c : text) {
      if (c == '\n' && preserve) {
        end_line();
        current_line = line;
        continue;
      }
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        pending_space = !current.empty();
        continue;
      }
      if (current.empty()) {
        current_line = line;
        current = pending_prefix;
        pending_prefix.clear();
      }
      if (pending_space) current += ' ';
      pending_space = false;
      current += c;
    }
  }
};

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_P:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_ASIDE:
      return true;
    default:
      return false;
  }
}

// Not text a report is made of: code, styling, and the site chrome (navigation, headers and
// footers) that would otherwise run into the first or last update.
bool is_skipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_HEAD ||
         tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FOOTER ||
         tag == GUMBO_TAG_BUTTON || tag == GUMBO_TAG_FORM;
}

std::string_view attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

void collect_hints(const GumboElement& e, Builder& b) {
  std::string_view cls = attribute(e, "class");
  if (!b.hints.impact) {
    auto at = cls.find("impact-");
    if (at != std::string_view::npos) {
      std::string_view word = cls.substr(at + 7);
      word = word.substr(0, word.find(' '));
      b.hints.impact = parse_impact_word(word);
    }
  }
  if (e.tag == GUMBO_TAG_LINK && attribute(e, "rel") == "canonical" &&
      !attribute(e, "href").empty()) {
    b.hints.source_url = std::string(attribute(e, "href"));
  }
  if (e.tag == GUMBO_TAG_META && attribute(e, "property") == "og:url" && !b.hints.source_url &&
      !attribute(e, "content").empty()) {
    b.hints.source_url = std::string(attribute(e, "content"));
  }
}

// The text of a link, a few levels deep (link text is shallow; the bound keeps it cheap).
std::string text_of(const GumboNode* node, int depth = 0) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE)
    return node->v.text.text;
  if (node->type != GUMBO_NODE_ELEMENT || depth > 8) return {};
  std::string out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length && out.size() < 200; ++i) {
    out += text_of(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  }
  return out;
}

// <head> holds no text to read, only <link rel=canonical> and <meta property=og:url>.
void collect_head_hints(const GumboElement& head, Builder& b) {
  for (unsigned i = 0; i < head.children.length; ++i) {
    const GumboNode* child = static_cast<const GumboNode*>(head.children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT) collect_hints(child->v.element, b);
  }
}

// "3. " for the third item of an <ol>, "- " for items of a <ul>.
template <typename Frame>
std::string list_marker(Frame& parent) {
  const GumboNode* list = parent.node;
  if (list->type != GUMBO_NODE_ELEMENT) return {};
  if (list->v.element.tag == GUMBO_TAG_UL) return "- ";
  if (list->v.element.tag != GUMBO_TAG_OL) return {};
  return std::to_string(++parent.items) + ". ";
}

// Iterative walk (no recursion on the node tree, so deep nesting cannot exhaust the stack).
void walk(const GumboNode* root, Builder& b) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
    bool preserve;
    int items = 0;
  };
  std::vector<Frame> stack{{root, 0, false}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* node = f.node;
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) {
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        b.add_text(node->v.text.text, static_cast<int>(node->v.text.start_pos.line), f.preserve);
      }
      stack.pop_back();
      continue;
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    bool block = node->type == GUMBO_NODE_ELEMENT && is_block(node->v.element.tag);
    if (f.next == 0 && node->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = node->v.element;
      collect_hints(e, b);
      if (e.tag == GUMBO_TAG_BR) b.end_line();
      if (e.tag == GUMBO_TAG_A && !b.hints.source_url &&
          to_lower(text_of(node)).find("vendor source") != std::string::npos) {
        b.hints.source_url = std::string(attribute(e, "href"));
      }
      if (e.tag == GUMBO_TAG_HEAD) collect_head_hints(e, b);
      if (is_skipped(e.tag)) {
        stack.pop_back();
        continue;
      }
      if (block) b.end_line();
      if (e.tag == GUMBO_TAG_LI && stack.size() >= 2)
        b.pending_prefix = list_marker(stack[stack.size() - 2]);
    }
    if (f.next < children.length) {
      bool preserve =
          f.preserve ||
          (node->type == GUMBO_NODE_ELEMENT &&
           (node->v.element.tag == GUMBO_TAG_PRE ||
            attribute(node->v.element, "class").find("pre-wrap") != std::string_view::npos));
      const GumboNode* child = static_cast<const GumboNode*>(children.data[f.next++]);
      stack.push_back({child, 0, preserve});
      continue;
    }
    if (block) b.end_line();
    stack.pop_back();
  }
  b.end_line();
}

}  // namespace

bool looks_like_html(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '<';
  }
  return false;
}

HtmlText html_to_lines(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Builder b;
  walk(output->document, b);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return {std::move(b.lines), std::move(b.hints)};
}

}  // namespace pharos::importer
