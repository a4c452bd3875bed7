// The Pharos status widget: shows a status page's current state on another site.
//
//   <script src="https://status.example.com/widget.js" async></script>
//   <span data-pharos-status></span>     (optional: where to draw it; else after the script)
//
// It reads /api/v2/status.json from the server it was loaded from (served with
// Access-Control-Allow-Origin: *), draws a link to the page with a coloured dot and the page's
// own text for the state, and reads again every minute. No cookies are sent, nothing is written
// with innerHTML, and no other code is loaded. `config` (texts, colours, the page's address) is
// written in by the server that renders this file (src/site/widget.cpp).
'use strict';
const script = document.currentScript;
if (!script) return;
const origin = new URL(script.src, document.baseURI).origin;
const pageUrl = config.page_url || origin + '/';

function draw(host) {
  const link = document.createElement('a');
  link.className = 'pharos-status';
  link.href = pageUrl;
  link.target = '_blank';
  link.rel = 'noopener';
  link.title = config.link_title;
  link.style.cssText =
    'display:inline-flex;align-items:center;gap:8px;padding:4px 12px;border:1px solid #e3e7ed;' +
    'border-radius:999px;background:#fff;color:#1d2330;text-decoration:none;' +
    'font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif';
  const dot = document.createElement('span');
  dot.className = 'pharos-status-dot';
  dot.style.cssText = 'width:10px;height:10px;border-radius:50%;flex:none;background:#cfd6de';
  const text = document.createElement('span');
  text.className = 'pharos-status-text';
  text.textContent = config.page_name;
  link.append(dot, text);
  host.append(link);
  return { link, dot, text };
}

let hosts = Array.from(document.querySelectorAll('[data-pharos-status]'));
if (hosts.length === 0) {
  const span = document.createElement('span');
  script.after(span);
  hosts = [span];
}
const widgets = hosts.map(draw);

function show(status) {
  const description = String(status.description || '');
  const indicator = String(status.indicator || 'none');
  for (const w of widgets) {
    w.text.textContent = config.texts[description] || description;
    w.dot.style.background = config.colors[indicator] || config.colors.none;
    w.link.dataset.indicator = indicator;
  }
}

function refresh() {
  fetch(origin + '/api/v2/status.json', { credentials: 'omit', cache: 'no-cache' })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
    .then((doc) => show(doc.status || {}))
    .catch(() => {});  // keep the last state shown; the next minute tries again
}
refresh();
setInterval(refresh, 60000);
