// Every page: the service worker (static/sw.js), the « Enregistré le … » mark on a page read
// with no connection, the data saver's switch, and the offer of breaking-news alerts — made
// only once the reader has opened a second article, never on arrival, and never again once
// answered. Labels come from the footer (templates/reach/footer.html), in the page's language.
// Without this file, pages read as they always did.
(function () {
  "use strict";
  var root = document.querySelector("[data-reach]");
  var lang = document.documentElement.lang || "fr";
  var store = (function () {
    try { return window.localStorage; } catch (error) { return null; } // private modes
  })();
  function get(key) { return store ? store.getItem(key) : null; }
  function set(key, value) { if (store) try { store.setItem(key, value); } catch (error) { /* full */ } }
  function label(name) { return root ? root.getAttribute("data-" + name + "-label") || "" : ""; }

  // -- the service worker ---------------------------------------------------------------------
  var worker = null;
  if ("serviceWorker" in navigator && (root || document.querySelector("[data-offline-page]"))) {
    worker = navigator.serviceWorker.register("/sw.js").catch(function () { return null; });
  }

  // -- « Enregistré le … »: this page is the copy kept on the device (sw.js marks it) ---------
  var savedAt = document.querySelector('meta[name="reach-saved-at"]');
  if (savedAt && root) {
    var when = new Date(savedAt.getAttribute("content"));
    var text = isNaN(when) ? "" : when.toLocaleString(lang, { dateStyle: "full", timeStyle: "short" });
    // « 5 h 32 », as the site writes times in French: no zero before the hour.
    if (lang.indexOf("fr") === 0) {
      text = text.replace(/(\d{1,2}):(\d{2})/, function (_all, hour, minute) {
        return Number(hour) + " h " + minute;
      });
    }
    var banner = document.createElement("p");
    banner.className = "saved-banner";
    banner.setAttribute("role", "status");
    banner.setAttribute("data-saved-banner", "");
    banner.textContent = label("saved").replace("{date}", text);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(banner, main.firstChild);
  }

  // -- the offline page: the articles kept on this device ---------------------------------------
  var list = document.querySelector("[data-saved-articles]");
  if (list && window.caches) {
    caches.open("reach-meta-1").then(function (cache) {
      return cache.match("/__reach/index");
    }).then(function (response) {
      return response ? response.json() : [];
    }).then(function (index) {
      var ul = list.querySelector("ul");
      index.filter(function (entry) { return entry.savedAt; }).forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry.path;
        link.textContent = entry.title;
        item.appendChild(link);
        ul.appendChild(item);
      });
      list.hidden = !ul.children.length;
    }).catch(function () { /* nothing kept: the page says what to do */ });
  }

  if (!root) return;
  var status = root.querySelector("[data-reach-status]");
  function say(message) { if (status) status.textContent = message; }

  // -- the data saver ----------------------------------------------------------------------------
  var browserSaves = Boolean(navigator.connection && navigator.connection.saveData);
  var saving = browserSaves || get("reach.saver") === "1";
  var toggle = root.querySelector("[data-saver-toggle]");
  if (worker && toggle) {
    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", String(saving));
    toggle.addEventListener("click", function () {
      saving = !saving;
      set("reach.saver", saving ? "1" : "0");
      toggle.setAttribute("aria-pressed", String(saving));
      say(label(saving ? "saver-on" : "saver-off")); // what it does: the switch alone said nothing
      tellWorker();
      if (saving) holdAll(); else showAll();
    });
    tellWorker();
  }
  function tellWorker() {
    if (!worker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "saver", on: saving });
    });
  }

  // A picture the worker held back arrives as its 1-pixel stand-in: offer it on a tap.
  function held(img) { return img.complete && img.naturalWidth === 1 && img.naturalHeight === 1; }
  function hold(img) {
    if (img.hasAttribute("data-held") || !held(img)) return;
    img.setAttribute("data-held", "");
    // Keep the picture's frame (its width and height say its shape; the stand-in is square).
    var width = img.getAttribute("width"), height = img.getAttribute("height");
    if (width && height) img.style.aspectRatio = width + " / " + height;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "image-held";
    button.textContent = label("held");
    button.addEventListener("click", function () { show(img, button); });
    img.parentNode.insertBefore(button, img.nextSibling);
  }
  function show(img, button) {
    var url = img.currentSrc || img.src;
    img.removeAttribute("srcset");
    img.removeAttribute("data-held");
    img.style.aspectRatio = "";
    img.src = url + (url.indexOf("?") < 0 ? "?" : "&") + "voir=1";
    if (button && button.parentNode) button.parentNode.removeChild(button);
  }
  function holdAll() {
    var images = document.querySelectorAll("main img");
    for (var i = 0; i < images.length; i++) {
      var img = images[i];
      if (img.complete) hold(img);
      else img.addEventListener("load", function (event) { hold(event.target); });
    }
  }
  function showAll() {
    var buttons = document.querySelectorAll("main .image-held");
    for (var i = 0; i < buttons.length; i++) {
      show(buttons[i].previousElementSibling, buttons[i]);
    }
  }
  if (saving) holdAll();

  // -- alerts: offered after the second article ---------------------------------------------------
  var key = root.getAttribute("data-vapid-key");
  var canPush = Boolean(key && worker && window.PushManager && window.Notification);
  // An article is counted by its own address, not the page's: a comment refused comes back at
  // the form's address (/commentaires/…/envoyer/), and was counted as a second article.
  var share = document.querySelector("[data-share-url]");
  if (share) {
    var article = new URL(share.getAttribute("data-share-url"), location.href).pathname;
    var read = [];
    try { read = JSON.parse(get("reach.read") || "[]"); } catch (error) { read = []; }
    if (read.indexOf(article) < 0) read.push(article);
    set("reach.read", JSON.stringify(read.slice(-20)));
  }
  var readCount = 0;
  try { readCount = JSON.parse(get("reach.read") || "[]").length; } catch (error) { readCount = 0; }

  var prompt = root.querySelector("[data-alerts-prompt]");
  var off = root.querySelector("[data-alerts-off]");
  // Where the reader was before the bar: a choice in it gives focus back there (or to the
  // page's content), not to the top of the document.
  var before = null;
  document.addEventListener("focusin", function (event) {
    if (prompt && !prompt.contains(event.target)) before = event.target;
  });
  function showPrompt(visible) {
    var leaving = !visible && prompt.contains(document.activeElement);
    prompt.hidden = !visible;
    // The bar sits over the page's foot: room below the footer, and a focused link is
    // scrolled above the bar rather than under it (portal.css, `.has-reach-prompt`).
    document.documentElement.classList.toggle("has-reach-prompt", visible);
    if (leaving) {
      var back = before && document.contains(before) ? before : document.getElementById("contenu");
      if (back) back.focus({ preventScroll: true });
    }
  }
  // Not on a copy read offline: subscribing needs the network. Not over a form the reader is
  // correcting either.
  var correcting = Boolean(document.querySelector('[aria-invalid="true"]'));
  if (canPush && prompt && readCount >= 2 && !get("reach.alerts") && !savedAt && !correcting &&
      navigator.onLine !== false && Notification.permission === "default") {
    showPrompt(true);
  }

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var refused = new Error(body.message || "");
          refused.fromSite = true;  // the site's words, in the page's language
          throw refused;
        }
        return body.message || "";
      });
    });
  }

  // The answer to « Recevoir les alertes » shows in the bar, where the reader tapped: said in
  // the footer only, 5,000 px down on a phone, it left the bar gone and nothing else (a
  // reader's trial). « Fermer » puts the bar away. Said there only (the bar's text is a live
  // region): the footer's status too would have it read twice.
  function answer(message) {
    prompt.querySelector("#reach-prompt-text").textContent = message;
    prompt.querySelector("[data-alerts-yes]").hidden = true;
    prompt.querySelector("[data-alerts-no]").hidden = true;
    var close = prompt.querySelector("[data-alerts-close]");
    close.hidden = false;
    close.focus({ preventScroll: true });
  }

  if (prompt) {
    prompt.querySelector("[data-alerts-no]").addEventListener("click", function () {
      set("reach.alerts", "non");
      showPrompt(false);
    });
    prompt.querySelector("[data-alerts-close]").addEventListener("click", function () {
      showPrompt(false);
    });
    prompt.querySelector("[data-alerts-yes]").addEventListener("click", function () {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      }).then(function (subscription) {
        return post(root.getAttribute("data-subscribe-url"), subscription.toJSON());
      }).then(function (message) {
        set("reach.alerts", "oui");
        if (off) off.hidden = false;
        answer(message);
      }).catch(function (error) {
        var denied = window.Notification && Notification.permission === "denied";
        if (denied) set("reach.alerts", "non");
        // Only the site's own words: the browser's (« Registration failed - push service
        // error ») are English whatever the page.
        answer(denied ? label("denied") : (error && error.fromSite && error.message) || label("failed"));
      });
    });
  }

  // The way out, from the same browser: the site forgets the subscription, the browser too.
  if (canPush && off) {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return;
      off.hidden = false;
      off.addEventListener("click", function () {
        post(root.getAttribute("data-unsubscribe-url"), { endpoint: subscription.endpoint })
          .then(function () { return subscription.unsubscribe(); })
          .then(function () {
            set("reach.alerts", "non");
            off.hidden = true;
            say(label("off"));
          }).catch(function (error) { say((error && error.message) || label("failed")); });
      });
    }).catch(function () { /* no push here */ });
  }
})();
