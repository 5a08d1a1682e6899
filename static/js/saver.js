// The light page's only script (Save-Data: on, docs/audience.md): it counts the read, and from
// the reader's second page on, installs the service worker (static/sw.js) that keeps articles
// for offline reading; the first page costs no more than itself. Pictures wait behind a tap
// (a <details> holding a link to the picture; opened, the picture is drawn in it here); the
// alerts are not offered. A form's own script (the comment
// form's, the newsletter's: the captcha, the JavaScript marker) comes once the reader uses it.
(function () {
  "use strict";
  // Without it a comment was held as sent « without JavaScript », every one, and the third in an
  // hour refused (a reader's trial). It comes at once where the reader needs it on arrival: a
  // form sent back with an error, a returning commenter's held comments and name (the cookies
  // named in data-saver-script-now), what a post answered (data-saver-script-with: it places
  // and focuses it, which it must not do later, under the reader's typing); else at the first
  // focus or keystroke in the form. A form sent before it came waits for it, at most
  // WAIT_MS, then goes without it (a stalled script must not leave a dead button).
  var WAIT_MS = 8000;
  var scripts = {};  // address → {done, waiting: [what to do once it ran or failed]}
  function fetchScript(src) {
    if (scripts[src]) return scripts[src];
    var state = scripts[src] = { done: false, waiting: [] };
    function finish() {
      if (state.done) return;
      state.done = true;
      state.waiting.splice(0).forEach(function (then) { then(); });
    }
    if (document.querySelector('script[src="' + src + '"]')) {
      state.done = true;  // the page has it already
      return state;
    }
    var script = document.createElement("script");
    script.src = src;
    script.onload = script.onerror = finish;
    document.head.appendChild(script);
    state.finish = finish;
    return state;
  }
  function send(form) {
    // As the browser would: the form's own handler (its script's) may take it over.
    var submitting = new Event("submit", { bubbles: true, cancelable: true });
    if (form.dispatchEvent(submitting)) form.submit();
  }
  function formScript(form) {
    var src = form.getAttribute("data-saver-script");
    function load() { return fetchScript(src); }
    var cookies = (form.getAttribute("data-saver-script-now") || "").split(" ").filter(Boolean);
    var returning = cookies.some(function (name) {
      return new RegExp("(?:^|; )" + name + "=").test(document.cookie);
    });
    var answered = form.getAttribute("data-saver-script-with");
    if (returning || (answered && document.querySelector(answered)) ||
        form.querySelector(".errorlist, [data-form-errors]")) load();
    form.addEventListener("focusin", load);
    form.addEventListener("input", load);
    var waiting = false;
    form.addEventListener("submit", function (event) {
      var state = load();
      if (state.done) return;  // its own handler sends the form (the browser, if it failed)
      event.preventDefault();
      if (waiting) return;  // a second click while it comes
      waiting = true;
      form.setAttribute("aria-busy", "true");
      state.waiting.push(function () {
        form.removeAttribute("aria-busy");
        send(form);
      });
      setTimeout(state.finish, WAIT_MS);
    });
  }
  document.querySelectorAll("form[data-saver-script]").forEach(formScript);

  // A held picture, opened: drawn where it was held, from what the page says of it (no <img>
  // in the page until then: browsers with scripts off fetched even a lazy one at once).
  document.addEventListener("toggle", function (event) {
    var held = event.target;
    if (!held.open || !held.matches || !held.matches("details.image-held[data-picture]")) return;
    var link = held.querySelector("a");
    if (!link) return;
    var picture = JSON.parse(held.getAttribute("data-picture"));
    var img = document.createElement("img");
    Object.keys(picture).forEach(function (name) {
      if (name !== "srcset" && name !== "sizes") img.setAttribute(name, picture[name]);
    });
    // « voir=1 »: the service worker, from the second page on, answers a picture asked without
    // it with its 1-pixel stand-in while data is saved (static/sw.js, as reach.js shows one).
    img.src = picture.src + (picture.src.indexOf("?") < 0 ? "?" : "&") + "voir=1";
    img.decoding = "async";
    link.parentNode.replaceChild(img, link);
  }, true);  // « toggle » does not bubble

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
