// Le Portail — a live coverage's page keeps itself up to date (docs/live.md).
// It polls a tiny update document (ids and times of the latest changes, 304 when nothing
// changed) while the tab is visible, fetches each new or edited entry apart (each cacheable),
// and removes deleted ones. New entries wait behind a « N nouvelles entrées » button, so the
// page never moves under the reader's eyes; edits and deletions apply in place. Without this
// script the page works as is: a reload shows everything.
(() => {
  "use strict";
  const root = document.querySelector("[data-live-updates]");
  if (!root || root.dataset.state !== "live" || !window.fetch) return;

  const list = root.querySelector("[data-live-list]");
  const notice = root.querySelector("[data-live-notice]");
  const button = root.querySelector("[data-live-new]");
  const status = root.querySelector("[data-live-status]");
  // LIVE_POLL_SECONDS (15 by default); 1 s at least, which only tests use.
  const interval = Math.max(1, Number(root.dataset.interval) || 15) * 1000;
  const entryUrl = (id) => root.dataset.liveEntry.replace(/0\/$/, `${id}/`);
  const lang = document.documentElement.lang || "fr";
  const words = lang.startsWith("en")
    ? {
        one: "1 new entry",
        many: (n) => `${n} new entries`,
        ended: "This live coverage has ended.",
        badge: "Live coverage ended",
      }
    : {
        one: "1 nouvelle entrée",
        many: (n) => `${n} nouvelles entrées`,
        ended: "Ce direct est terminé.",
        badge: "Direct terminé",
      };

  let since = Number(root.dataset.since) || 0;
  let delay = interval;
  let timer = null;
  let waiting = []; // fetched new entries, newest first, until the reader asks for them

  const schedule = () => {
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(poll, delay);
  };

  // Keeps the reader's line in place when something changes above it (an entry edited or
  // removed, the notice appearing, while they read further down). A change in view or below
  // moves nothing they are reading, so it is left alone. Browsers with scroll anchoring
  // (Chromium, Firefox) would do this; Safari does not.
  const keepingPosition = (changed, change) => {
    if (changed.getBoundingClientRect().top >= 0) {
      change();
      return;
    }
    const anchor = [...list.children].find(
      (el) => el !== changed && el.getBoundingClientRect().bottom > 0,
    );
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) {
      // "instant": the site scrolls smoothly, which would show the page jump and slide back.
      const top = anchor.getBoundingClientRect().top - before;
      window.scrollBy({ top, behavior: "instant" });
    }
  };

  // « Les points clés », above the entries: an entry pinned, unpinned, edited or deleted changes its
  // line there once the entry itself is shown (a pinned entry's fragment carries its line, in a
  // <template>), newest first as the server orders them, at most as many as it shows.
  const keyBox = root.querySelector("[data-live-key]");
  const keyLines = keyBox && keyBox.querySelector("ul");
  const keyMax = keyBox ? Number(keyBox.dataset.liveKeyMax) || 8 : 0;
  const rank = (line) => [Number(line.dataset.published), Number(line.dataset.keyEntry)];
  const newerThan = (a, b) => {
    const [[timeA, idA], [timeB, idB]] = [rank(a), rank(b)];
    return timeA > timeB || (timeA === timeB && idA > idB);
  };
  const updateKeyLine = (id, element) => {
    if (!keyBox) return;
    const template = element && element.querySelector("template[data-key-line]");
    const line = template && template.content.firstElementChild.cloneNode(true);
    if (template) template.remove();
    const old = keyLines.querySelector(`[data-key-entry="${id}"]`);
    if (!old && !line) return;
    keepingPosition(keyBox.hidden ? list : keyBox, () => {
      if (old) old.remove();
      if (line) {
        const next = [...keyLines.children].find((other) => newerThan(line, other));
        keyLines.insertBefore(line, next || null);
      }
      while (keyLines.children.length > keyMax) keyLines.lastElementChild.remove();
      keyBox.hidden = !keyLines.children.length;
    });
  };

  const fragment = async (id, changedAt) => {
    // The time makes each version its own address for the browser's cache and for nginx
    // (deploy/nginx.conf keys /direct/entree/ on v); the portal's own cache keys the entry on
    // its id alone, and a change drops it there.
    const response = await fetch(`${entryUrl(id)}?v=${changedAt}`, { credentials: "omit" });
    if (response.status === 404) return null; // gone again in between
    if (!response.ok) throw new Error(`entry ${id}: ${response.status}`);
    const holder = document.createElement("div");
    holder.innerHTML = (await response.text()).trim();
    return holder.firstElementChild;
  };

  const showWaiting = () => {
    const label = waiting.length === 1 ? words.one : words.many(waiting.length);
    if (!waiting.length) {
      if (!notice.hidden) {
        keepingPosition(list, () => (notice.hidden = true));
        status.textContent = ""; // what was announced is gone again (deleted before the click)
      }
    } else if (button.textContent !== label || notice.hidden) {
      button.textContent = label;
      // The notice sits above the entries: showing it must not push the reader's line down.
      keepingPosition(list, () => (notice.hidden = false));
      status.textContent = label; // announced once per change, politely
    }
  };

  const apply = async (doc) => {
    const fresh = doc.changements.filter(([, at]) => at > since).reverse(); // oldest first
    const missed = !doc.complet && doc.changements.length && doc.changements.at(-1)[1] > since;
    if (missed) {
      // More changed than the document lists since this page was made: start again.
      window.location.reload();
      return;
    }
    for (const [id, at, visible] of fresh) {
      const current = document.getElementById(`entree-${id}`);
      const queued = waiting.findIndex((el) => el.id === `entree-${id}`);
      if (!visible) {
        if (current) keepingPosition(current, () => current.remove());
        if (queued >= 0) waiting.splice(queued, 1);
        updateKeyLine(id, null);
      } else {
        const element = await fragment(id, at);
        if (element && current) {
          keepingPosition(current, () => current.replaceWith(element));
          updateKeyLine(id, element);
        } else if (element && queued >= 0) waiting[queued] = element;
        else if (element) waiting.unshift(element);
        else updateKeyLine(id, null);
      }
      since = Math.max(since, at);
    }
    // A reader who has not reached the entries yet (the headline, the key points, on a phone)
    // gets the new ones in place at once: nothing moves under their eyes, and the notice, out
    // of their sight above the entries, left the key points behind (a reader's trial).
    if (waiting.length && list.getBoundingClientRect().top >= window.innerHeight) reveal(false);
    showWaiting();
    if (doc.etat !== "live") {
      // The page said « En direct », atop and over the entries: what readers see must stay true.
      for (const badge of document.querySelectorAll("[data-live-badge].live__state--on")) {
        badge.classList.remove("live__state--on");
        badge.textContent = words.badge;
      }
      status.textContent = words.ended;
      root.dataset.state = doc.etat;
    }
  };

  const poll = async () => {
    try {
      // "no-cache": always ask, with the ETag the browser holds (a 304 costs a few bytes).
      const response = await fetch(root.dataset.liveUpdates, {
        cache: "no-cache",
        credentials: "omit",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`updates: ${response.status}`);
      await apply(await response.json());
      delay = interval;
    } catch (error) {
      delay = Math.min(delay * 2, 8 * interval); // back off while the network or server is down
    }
    if (root.dataset.state === "live") schedule();
  };

  // The waiting entries into the list (and the key points); `focus`: the reader asked for them,
  // so the first one takes the focus.
  function reveal(focus) {
    const first = list.querySelector(".live__empty");
    if (first) first.remove();
    for (const element of waiting) updateKeyLine(element.dataset.entry, element);
    list.prepend(...waiting);
    const top = waiting[0];
    waiting = [];
    showWaiting();
    status.textContent = "";
    if (top && focus) {
      top.setAttribute("tabindex", "-1");
      top.focus({ preventScroll: false });
    }
  }

  button.addEventListener("click", () => reveal(true));

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) clearTimeout(timer);
    else {
      delay = interval;
      poll();
    }
  });
  schedule();
})();
