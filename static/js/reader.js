// Article page: count the read once the page is shown, and offer the share buttons the
// browser supports (its own share sheet, copying the link). No cookie, nothing stored, no
// third-party script: the share links themselves are plain links that work without this file.
(function () {
  "use strict";
  var box = document.querySelector("[data-share-url]");
  if (!box) return;

  // The read: one small POST, only for a page the reader actually sees (not a prerender, not
  // a tab opened in the background and never looked at). Reloads within the hour count once
  // (the server recognises them); robots that run no script never get here.
  var beacon = box.getAttribute("data-read-beacon");
  function sendRead() {
    if (!beacon) return;
    var url = beacon;
    beacon = null;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) {
      fetch(url, { method: "POST", credentials: "same-origin", keepalive: true })
        .catch(function () { /* a lost count is no concern of the reader's */ });
    }
  }
  function onVisibility() {
    if (document.visibilityState !== "visible") return;
    document.removeEventListener("visibilitychange", onVisibility);
    sendRead();
  }
  document.addEventListener("visibilitychange", onVisibility);
  onVisibility();

  var shareUrl = box.getAttribute("data-share-url");
  var shareTitle = box.getAttribute("data-share-title");
  var status = box.querySelector("[data-share-status]");
  function say(attribute) {
    if (status) status.textContent = status.getAttribute(attribute) || "";
  }

  var nativeItem = box.querySelector("[data-share-native]");
  if (nativeItem && navigator.share) {
    nativeItem.hidden = false;
    nativeItem.querySelector("button").addEventListener("click", function () {
      navigator.share({ title: shareTitle, url: shareUrl })
        .catch(function () { /* closed by the reader: nothing to say */ });
    });
  }

  var copyItem = box.querySelector("[data-share-copy]");
  if (copyItem && navigator.clipboard && window.isSecureContext) {
    copyItem.hidden = false;
    copyItem.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(shareUrl).then(
        function () { say("data-copied"); },
        function () { say("data-copy-failed"); }
      );
    });
  }
})();
