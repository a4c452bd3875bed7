// "/webhooks": what a webhook subscriber receives, so the `meta.documentation` link of every
// webhook body leads somewhere true. Static text (only the page name varies).
#include "site/html_common.h"
#include "site/html_pages.h"

namespace pharos::site {

using html::layout;

std::string render_webhooks_doc(const SiteData& data) {
  std::string name = html_escape(data.page.name);
  std::string main =
      "<h1>Webhook notifications</h1>\n"
      "<p>Subscribers of the " +
      name +
      " status page with a webhook receive a JSON "
      "<code>POST</code> for every public incident update, maintenance update and component "
      "status change, shaped like Atlassian Statuspage's subscriber webhooks so existing "
      "receivers work unchanged.</p>\n"
      "<h2>Body</h2>\n<ul>\n"
      "<li><code>meta</code>: <code>unsubscribe</code> (a link that ends the subscription), "
      "<code>documentation</code> (this page), <code>generated_at</code>.</li>\n"
      "<li><code>page</code>: <code>id</code>, <code>status_indicator</code> "
      "(none, minor, major, critical or maintenance) and <code>status_description</code>.</li>\n"
      "<li>Then either <code>incident</code> (with <code>incident_updates</code>, newest first, "
      "and the affected <code>components</code>) or <code>component_update</code> "
      "(<code>old_status</code>, <code>new_status</code>) and <code>component</code>.</li>\n"
      "</ul>\n<p>Times are ISO 8601. The field names and values are those of the public API at "
      "<a href=\"/api/v2/summary.json\">/api/v2/summary.json</a>.</p>\n"
      "<h2>Headers</h2>\n<ul>\n"
      "<li><code>X-Pharos-Event</code>: <code>incident.updated</code> or "
      "<code>component.updated</code>.</li>\n"
      "<li><code>X-Pharos-Delivery</code>: the same on every retry of one notification; use it "
      "to ignore duplicates (delivery is at least once).</li>\n"
      "<li><code>X-Pharos-Signature</code>: <code>t=UNIX_SECONDS,v1=HEX</code>, where HEX is the "
      "HMAC-SHA256, keyed with the secret you were given when subscribing, of "
      "<code>UNIX_SECONDS + \".\" + body</code>. Reject old timestamps to stop replays.</li>\n"
      "</ul>\n<h2>Answers</h2>\n<p>Answer with any 2xx status. Failures are retried with "
      "backoff; <code>410 Gone</code> ends the subscription.</p>\n"
      "<p><a href=\"/\">" +
      name + " status</a></p>\n";
  return layout(data, "Webhook notifications · " + data.page.name + " Status", main);
}

}  // namespace pharos::site
