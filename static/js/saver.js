// The light page's only script (Save-Data: on, docs/audience.md): it counts the read, and from
// the reader's second page on, installs the service worker (static/sw.js) that keeps articles
// for offline reading; the first page costs no more than itself. Pictures wait behind a tap
// (a <details>, no script); the alerts are not offered. A form's own script (the comment
// form's, the newsletter's: the captcha, the JavaScript marker) comes once the reader uses it.
(function () {
  "use strict";
  // Without it a comment was held as sent « without JavaScript », every one, and the third in an
  // hour refused (a reader's trial). Loaded at once where the reader needs it on arrival (a form
  // sent back with an error; a returning commenter's held comments and name: the cookies named
  // in data-saver-script-now), else at the first focus or keystroke in the form; a form sent
  // before it arrived waits for it, and goes without it if it cannot come.
  var scripts = {};
  function loaded(src) {
    var script = scripts[src];
    if (script) return script;
    script = scripts[src] = document.createElement("script");
    script.src = src;
    script.then = [];
    script.onload = script.onerror = function () {
      script.done = true;
      script.then.splice(0).forEach(function (go) { go(); });
    };
    document.head.appendChild(script);
    return script;
  }
  function formScript(form) {
    var src = form.getAttribute("data-saver-script");
    function load() { loaded(src); }
    var now = (form.getAttribute("data-saver-script-now") || "").split(" ").filter(Boolean);
    var returning = now.some(function (name) {
      return new RegExp("(?:^|; )" + name + "=").test(document.cookie);
    });
    if (returning || form.querySelector(".errorlist, [data-form-errors]")) load();
    form.addEventListener("focusin", load);
    form.addEventListener("input", load);
    var held = false;
    form.addEventListener("submit", function (event) {
      var script = loaded(src);
      if (script.done) return;  // its own handler sends the form (the browser, if it failed)
      event.preventDefault();
      if (held) return;
      held = true;
      script.then.push(function () {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      });
    });
  }
  document.querySelectorAll("form[data-saver-script]").forEach(formScript);

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
