// Phantom console: refreshes the [data-live] part of a page every 2 s (the group page while it scales).
// The page works without it; with it, the region is replaced only when the server's HTML changed and
// never while focus is inside it (a button the user is about to press stays put).
(function () {
  'use strict';
  var region = document.querySelector('[data-live]');
  if (!region) return;
  var url = region.getAttribute('data-live');
  var last = null;
  function schedule() { window.setTimeout(tick, 2000); }
  function tick() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (r.status === 401) { window.location.reload(); return null; }
      return r.text().then(function (html) { return { ok: r.ok, html: html }; });
    }).then(function (got) {
      if (!got) return;
      if (got.html !== last && !region.contains(document.activeElement)) {
        region.innerHTML = got.html;
        last = got.html;
      }
      region.setAttribute('data-refreshed', String(Date.now()));
      schedule();
    }).catch(function () { schedule(); });
  }
  schedule();
})();
