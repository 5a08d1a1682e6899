// The light page's only script (Save-Data: on, docs/audience.md): it counts the read, and from
// the reader's second page on, installs the service worker (static/sw.js) that keeps articles
// for offline reading; the first page costs no more than itself. Pictures wait behind a tap
// (a <details>, no script); the alerts are not offered.
(function () {
  "use strict";
  var box = document.querySelector("[data-read-beacon]");
  function read() {
    if (!box || document.visibilityState !== "visible") return;
    var url = box.getAttribute("data-read-beacon");
    box = null;
    if (!(navigator.sendBeacon && navigator.sendBeacon(url)) && window.fetch) {
      fetch(url, { method: "POST", credentials: "same-origin", keepalive: true }).catch(function () {});
    }
  }
  document.addEventListener("visibilitychange", read);
  read();

  var seen = null;
  try {
    seen = localStorage.getItem("reach.saver-seen");
    localStorage.setItem("reach.saver-seen", "1");
  } catch (error) { /* private mode: no worker then */ }
  if (seen && "serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
