// The admin's stylesheet and script, served from memory under /admin/static/ (CSP allows only
// 'self' scripts and styles: nothing inline). Plain CSS and plain JavaScript: no build step.
#include "admin/pages.h"

namespace pharos::admin {
namespace {

constexpr std::string_view kCss = R"CSS(
:root{--fg:#1d232b;--muted:#5b6673;--line:#d8dee6;--bg:#f6f8fa;--accent:#1f5fbf;--bad:#b42318;
--warn:#b54708;--ok:#067647;--maint:#3e5cc4}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1.2rem;background:#fff;border-bottom:1px solid var(--line)}
.brand{font-weight:700;color:var(--fg);text-decoration:none}.brand span{color:var(--muted);font-weight:400}
.admin-nav ul{display:flex;gap:.9rem;list-style:none;margin:0;padding:0}
.admin-nav a{color:var(--accent);text-decoration:none}.admin-nav a[aria-current=page]{font-weight:700;color:var(--fg)}
form.logout{margin-left:auto}.who{color:var(--muted)}
main{max-width:72rem;margin:1.2rem auto;padding:0 1.2rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.85rem}
.flash{background:#ecfdf3;border:1px solid #abefc6;padding:.6rem .8rem;border-radius:6px}
.form-errors{background:#fef3f2;border:1px solid #fecdca;color:var(--bad);padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}
.field{margin:.7rem 0}.field label{display:block;font-weight:600;margin-bottom:.2rem}
.field.check label{font-weight:400}
input[type=text],input[type=password],input[type=datetime-local],select,textarea{width:100%;max-width:40rem;padding:.45rem;border:1px solid var(--line);border-radius:5px;font:inherit;background:#fff}
textarea{font-family:ui-monospace,monospace;font-size:.9rem}
.has-error input,.has-error select,.has-error textarea{border-color:var(--bad)}
.field-error{color:var(--bad);margin:.2rem 0 0;font-size:.9rem}
.config-error{border:2px solid var(--bad);border-radius:.4rem;padding:.6rem .9rem;margin:0 0 1rem}
.config-error ul{margin:.4rem 0 0;padding-left:1.2rem}
button,.button{background:var(--accent);color:#fff;border:0;border-radius:5px;padding:.45rem .9rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
button.danger{background:var(--bad)}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;margin:1rem 0}
.status{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.85rem;background:#eef2f6}
.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--warn)}.s-partial_outage{color:var(--warn)}
.s-major_outage{color:var(--bad)}.s-under_maintenance{color:var(--maint)}
.muted{color:var(--muted)}.cause{color:var(--warn)}
.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
.preview{background:#fff;border:1px dashed var(--line);padding:.6rem 1rem;border-radius:6px}
.internal{background:#fff8e6;border-left:3px solid var(--warn);padding:.3rem .7rem;margin:.4rem 0}.internal pre{white-space:pre-wrap;margin:.2rem 0}
.timeline{list-style:none;padding:0}.timeline>li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:.5rem 0}
.secret{font-family:ui-monospace,monospace;background:#fffaeb;border:1px solid #fedf89;padding:.5rem;word-break:break-all}
fieldset{border:1px solid var(--line);border-radius:6px;background:#fff;max-width:40rem}
.inline{display:inline}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
form.report-window{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center;margin:0 0 1rem}
form.report-window select,form.report-window input[type=date]{width:auto}
.series-chart{width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
.alert-fast{color:var(--bad);font-weight:600}.alert-slow{color:var(--warn)}
@media print{header.top,.no-print,.flash{display:none}body{background:#fff;font-size:11pt}
main{max-width:none;margin:0;padding:0}table{page-break-inside:auto}tr{page-break-inside:avoid}
h1,h2{page-break-after:avoid}a{color:inherit;text-decoration:none}}
)CSS";

// Progressive only: every form works without it. With it: the Preview button renders through
// /admin/preview in place, and buttons marked data-confirm ask first.
constexpr std::string_view kJs = R"JS(
"use strict";
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (button.name !== "preview") return;
  const form = button.form;
  const target = form && form.querySelector(".preview-target");
  if (!target) return;
  event.preventDefault();
  const body = new URLSearchParams();
  body.set("body", form.elements["body"].value);
  const response = await fetch("/admin/preview", {
    method: "POST",
    headers: {"X-CSRF-Token": form.elements["csrf"].value,
              "Content-Type": "application/x-www-form-urlencoded"},
    body,
    credentials: "same-origin",
  });
  target.hidden = false;
  if (!response.ok) {
    target.textContent = "Preview failed (" + response.status + ").";
    return;
  }
  target.innerHTML = await response.text();  // sanitised by the server's Markdown renderer
});
)JS";

web::Response asset(std::string_view body, std::string_view type) {
  web::Response response = web::Response::text(200, std::string(body), type);
  response.header("Cache-Control", "no-cache");
  return response;
}

}  // namespace

void add_static_pages(PageRoutes& pages) {
  pages.get_public("/admin/static/admin.css",
                   [](Context&) { return asset(kCss, "text/css; charset=utf-8"); });
  pages.get_public("/admin/static/admin.js",
                   [](Context&) { return asset(kJs, "text/javascript; charset=utf-8"); });
}

}  // namespace pharos::admin
