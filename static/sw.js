// Le Portail's service worker (served at /sw.js by reach/views.py, scope: the whole site).
// No framework. Three jobs, documented in docs/audience.md:
//  1. Reading with no connection: network first, always. The last 20 articles the reader
//     opened are kept (page and pictures) and shown only when the network fails, marked with
//     the time they were saved; any other page gets the offline page.
//  2. Data saver (the footer's switch, or the browser's Save-Data): pictures are not
//     downloaded, a 1-pixel stand-in takes their place until the reader taps one. The HTML is
//     the same for everyone: the caches (tagcache, nginx) never hold a « light » version.
//  3. Breaking-news alerts: shows the pushes the newsroom sends, opens the article on a tap.
"use strict";

var CACHES = { pages: "reach-pages-1", images: "reach-images-1", assets: "reach-assets-1", meta: "reach-meta-1" };
var KEEP_ARTICLES = 20;
var KEEP_ASSETS = 40;
var ARTICLE = /^\/(?:en\/)?article\/[^/]+\/$/;
var OFFLINE = { fr: "/hors-ligne/", en: "/en/hors-ligne/" };
var INDEX_KEY = "/__reach/index";
var SAVER_KEY = "/__reach/saver";
var TAPPED = "voir"; // ?voir=1: an image the reader asked for, even in data-saver mode
var STAND_IN = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHES.pages).then(function (cache) {
      // The French page is required; the English one is a bonus (a failure must not stop the
      // worker from installing).
      return Promise.all([cache.add(OFFLINE.fr), cache.add(OFFLINE.en).catch(function () {})]);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  var wanted = Object.keys(CACHES).map(function (key) { return CACHES[key]; });
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("reach-") === 0 && wanted.indexOf(name) < 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    // Pictures on a CDN: held back by the data saver all the same, never kept (an opaque copy
    // would count for megabytes against the device's quota).
    if (request.destination === "image") event.respondWith(foreignImage(request, url));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (request.destination === "image") {
    event.respondWith(image(event, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(event));
  }
});

// -- the index of saved articles: [{path, title, savedAt, images: [url…]}], newest first ------

var queue = Promise.resolve();

function readIndex() {
  return caches.open(CACHES.meta).then(function (cache) {
    return cache.match(INDEX_KEY);
  }).then(function (response) {
    return response ? response.json() : [];
  }).catch(function () { return []; });
}

// Changes to the index run one after the other (a page and its pictures arrive together).
function changeIndex(change) {
  queue = queue.then(function () {
    return readIndex().then(function (index) {
      return Promise.resolve(change(index)).then(function () {
        return caches.open(CACHES.meta).then(function (cache) {
          return cache.put(INDEX_KEY, new Response(JSON.stringify(index), {
            headers: { "Content-Type": "application/json" }
          }));
        });
      });
    });
  }).catch(function () { /* a full disk costs the copy, never the page */ });
  return queue;
}

function entryFor(index, path) {
  for (var i = 0; i < index.length; i++) if (index[i].path === path) return index[i];
  return null;
}

function decode(text) {
  return text.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function savePage(path, response) {
  return response.text().then(function (html) {
    // The page's own title, without the site's name (its og:title), else its <title>.
    var title = (html.match(/<meta property="og:title" content="([^"]*)"/) ||
      html.match(/<title>([^<]*)<\/title>/) || [])[1] || path;
    var savedAt = new Date().toISOString();
    var copy = new Response(html, {
      headers: { "Content-Type": "text/html; charset=utf-8", "X-Saved-At": savedAt }
    });
    return caches.open(CACHES.pages).then(function (cache) {
      return cache.put(path, copy);
    }).then(function () {
      return changeIndex(function (index) {
        var entry = entryFor(index, path);
        if (entry) index.splice(index.indexOf(entry), 1);
        else entry = { path: path, images: [] };
        entry.title = decode(title.trim());
        entry.savedAt = savedAt;
        index.unshift(entry);
        return trim(index);
      });
    });
  });
}

// Beyond the last KEEP_ARTICLES articles: their pages go, and their pictures unless a kept
// article shows them too.
function trim(index) {
  var dropped = index.splice(KEEP_ARTICLES);
  if (!dropped.length) return null;
  var kept = {};
  index.forEach(function (entry) { entry.images.forEach(function (url) { kept[url] = true; }); });
  return Promise.all([caches.open(CACHES.pages), caches.open(CACHES.images)]).then(function (open) {
    return Promise.all(dropped.map(function (entry) {
      return Promise.all([open[0].delete(entry.path)].concat(entry.images.filter(function (url) {
        return !kept[url];
      }).map(function (url) { return open[1].delete(url); })));
    }));
  });
}

function saveImage(pagePath, key, response) {
  return caches.open(CACHES.images).then(function (cache) {
    return cache.put(key, response);
  }).then(function () {
    return changeIndex(function (index) {
      var entry = entryFor(index, pagePath);
      if (!entry) {
        entry = { path: pagePath, images: [], savedAt: null, title: pagePath };
        index.unshift(entry);
      }
      if (entry.images.indexOf(key) < 0) entry.images.push(key);
    });
  });
}

// -- pages: network first; the saved copy (marked) or the offline page when it fails ---------

function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  // Staff previews and anything private are never kept on the device.
  return response.ok && !response.redirected && !/private|no-store/.test(control);
}

function page(event, url) {
  return fetch(event.request).then(function (response) {
    if (ARTICLE.test(url.pathname) && keepable(response)) {
      event.waitUntil(savePage(url.pathname, response.clone()));
    }
    return response;
  }).catch(function () {
    var saved = ARTICLE.test(url.pathname)
      ? caches.open(CACHES.pages).then(function (cache) { return cache.match(url.pathname); })
      : Promise.resolve(null);
    return saved.then(function (copy) {
      if (copy) return marked(copy);
      var english = url.pathname.indexOf("/en/") === 0;
      return caches.match(english ? OFFLINE.en : OFFLINE.fr).then(function (offline) {
        return offline || caches.match(OFFLINE.fr);
      }).then(function (offline) {
        return offline || new Response("Pas de connexion.", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
        });
      });
    });
  });
}

// The saved copy says when it was saved, in a <meta> the page's own script reads
// (static/js/reach.js writes « Enregistré le … » in the page's language).
function marked(copy) {
  var savedAt = copy.headers.get("X-Saved-At") || "";
  return copy.text().then(function (html) {
    var mark = '<meta name="reach-saved-at" content="' + savedAt.replace(/[^0-9TZ:.\-]/g, "") + '">';
    return new Response(html.replace(/<head>/i, "<head>" + mark), {
      headers: { "Content-Type": "text/html; charset=utf-8" }
    });
  });
}

// -- pictures: data saver, then network first, then the saved copy ---------------------------

var saverChoice = null; // the footer's switch, as last told by a page (kept in the meta cache)

function saverOn(request) {
  if (request.headers.get("Save-Data") === "on") return Promise.resolve(true);
  if (self.navigator.connection && self.navigator.connection.saveData) return Promise.resolve(true);
  if (saverChoice !== null) return Promise.resolve(saverChoice);
  return caches.open(CACHES.meta).then(function (cache) {
    return cache.match(SAVER_KEY);
  }).then(function (response) {
    return response ? response.text() : "0";
  }).then(function (text) {
    saverChoice = text === "1";
    return saverChoice;
  });
}

function standIn() {
  return new Response(STAND_IN, {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "no-store" }
  });
}

function image(event, url) {
  var request = event.request;
  var tapped = url.searchParams.has(TAPPED);
  url.searchParams.delete(TAPPED);
  var key = url.href;
  var from = "";
  try { from = new URL(request.referrer).pathname; } catch (error) { /* no referrer */ }
  var saved = function () {
    return caches.open(CACHES.images).then(function (cache) { return cache.match(key); });
  };
  return saverOn(request).then(function (saving) {
    if (saving && !tapped) {
      return saved().then(function (copy) { return copy || standIn(); });
    }
    return fetch(request).then(function (response) {
      if (ARTICLE.test(from) && response.ok) {
        event.waitUntil(saveImage(from, key, response.clone()));
      }
      return response;
    }).catch(function () {
      return saved().then(function (copy) { return copy || standIn(); });
    });
  });
}

function foreignImage(request, url) {
  return saverOn(request).then(function (saving) {
    return saving && !url.searchParams.has(TAPPED) ? standIn() : fetch(request);
  });
}

// -- style sheets and scripts: network (the HTTP cache first), a copy for offline reading ----

function asset(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHES.assets).then(function (cache) {
        return cache.put(request, copy).then(function () { return cache.keys(); }).then(function (keys) {
          return Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP_ASSETS)).map(function (old) {
            return cache.delete(old);
          }));
        });
      }).catch(function () { /* no room: the next visit fetches it again */ }));
    }
    return response;
  }).catch(function () {
    return caches.open(CACHES.assets).then(function (cache) {
      return cache.match(request, { ignoreSearch: true });
    }).then(function (copy) {
      return copy || new Response("", { status: 503 });
    });
  });
}

// -- messages from pages: the data saver's switch --------------------------------------------

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "saver") return;
  saverChoice = Boolean(data.on);
  event.waitUntil(caches.open(CACHES.meta).then(function (cache) {
    return cache.put(SAVER_KEY, new Response(saverChoice ? "1" : "0"));
  }));
});

// -- breaking-news alerts (reach/push.py sends them) -----------------------------------------

// The site's icon: a path on this origin, or an https address (static files on a CDN: the
// push is signed with our key, so only we name it); anything else, the browser's own icon.
function ownPath(value) {
  return typeof value === "string" && /^(\/(?!\/)|https:\/\/)/.test(value) ? value : undefined;
}

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  if (!data.title) return;
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body || "",
    icon: ownPath(data.icon),
    badge: ownPath(data.badge),
    tag: data.tag || "alerte",
    lang: "fr",
    data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return; // only ever our own pages
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === target.href && "focus" in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(target.href);
  }));
});

// The push service renewed the subscription: hand the new one to the site, as the page would.
self.addEventListener("pushsubscriptionchange", function (event) {
  var options = event.oldSubscription && event.oldSubscription.options;
  if (!options) return;
  event.waitUntil(self.registration.pushManager.subscribe(options).then(function (subscription) {
    return fetch("/alertes/abonnement/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(subscription)
    });
  }).catch(function () { /* the reader can subscribe again from the site */ }));
});
