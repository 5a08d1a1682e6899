// Every admin page (templates/admin/base_site.html). A static file: the admin's Content
// Security Policy allows no inline script.
//
// 1. The rich-text editor (django-prose-editor) writes its toolbar's tooltips and its block
//    menu in English inside its bundle, outside any catalog. This puts the newsroom's words on
//    them, taken from the labels the page carries (#editor-labels, French msgids rendered by
//    sitewide/templatetags/newsroom_admin.py), as soon as a toolbar appears; and on the choices
//    of its dialogs (« Yes » / « No »).
// 2. Inputs that scripts create without a name for screen readers (the editor's writing area,
//    the search box of a multiple choice) get the name of the field they belong to.
// 3. The comments' queue: after a row's decision (« Approuver »…) the list comes back where
//    the moderator was, the next comment in the decided one's place; it came back at the
//    top, and on a phone each decision meant scrolling down the cards again.
// 4. A table of inline rows wider than its box (an article's co-authors at 360 px) scrolls
//    sideways; its cut edge fades (`more-right`, `more-left`) while there is more that way:
//    scroll bars show only on use, and « Rôle » looked like the last column (a trial).
(function () {
  "use strict";

  let table = null;

  function labels() {
    if (table === null) {
      const source = document.getElementById("editor-labels");
      table = source ? JSON.parse(source.textContent) : {};
    }
    return table;
  }

  function french(text) {
    if (!text) return null;
    const words = labels();
    const key = text.trim();
    if (Object.hasOwn(words, key)) return words[key];
    const heading = /^heading (\d)$/i.exec(key);
    if (heading && words.heading) return words.heading.replace("%(level)s", heading[1]);
    return null;
  }

  // Writes only what differs: each write wakes the watcher below, and a word the labels map to
  // itself (« Paragraph » under /en/admin/) rewritten for ever froze the tab.
  function translate(menubar) {
    for (const node of menubar.querySelectorAll("[title], [aria-label]")) {
      for (const attribute of ["title", "aria-label"]) {
        const current = node.getAttribute(attribute);
        const value = french(current);
        if (value && value !== current) node.setAttribute(attribute, value);
      }
    }
    // The block menu's entries (and the copy of the current one it shows).
    for (const entry of menubar.querySelectorAll(".prose-menubar__option > *, .prose-menubar__selected *")) {
      if (entry.children.length === 0) {
        const value = french(entry.textContent);
        if (value && value !== entry.textContent) entry.textContent = value;
      }
    }
  }

  // A dialog's choices (« Yes » / « No ») are both text and value: the text is translated, the
  // value kept, which the editor reads.
  function translateChoices(root) {
    for (const option of root.querySelectorAll(".prose-editor-dialog option:not([value])")) {
      const value = french(option.textContent);
      if (value) {
        option.value = option.textContent;
        option.textContent = value;
      }
    }
  }

  function fieldLabel(id) {
    const label = id && document.querySelector('label[for="' + CSS.escape(id) + '"]');
    return label ? label.textContent.replace(/\s*:\s*$/, "").trim() : "";
  }

  function nameUnnamedInputs(root) {
    for (const area of root.querySelectorAll(".prose-editor .ProseMirror:not([aria-label])")) {
      const textarea = area.closest(".prose-editor").querySelector("textarea");
      const name = fieldLabel(textarea && textarea.id);
      if (name) area.setAttribute("aria-label", name);
    }
    for (const search of root.querySelectorAll(".select2-search__field:not([aria-label])")) {
      const container = search.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const name = fieldLabel(select && select.id);
      if (name) search.setAttribute("aria-label", name);
    }
  }

  // The toolbar is built after the editor reports ready, and its block menu redraws its
  // current entry as the cursor moves: translate whatever appears inside a toolbar.
  function toolbarOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".prose-menubar") : null;
  }

  new MutationObserver(function (records) {
    const seen = new Set();
    for (const record of records) {
      const around = toolbarOf(record.target);
      if (around) seen.add(around);
      for (const added of record.addedNodes) {
        if (added.nodeType !== Node.ELEMENT_NODE) continue;
        if (added.matches(".prose-menubar")) seen.add(added);
        added.querySelectorAll(".prose-menubar").forEach(function (bar) { seen.add(bar); });
      }
    }
    seen.forEach(translate);
    if (records.some(function (record) { return record.addedNodes.length; })) {
      nameUnnamedInputs(document);
      translateChoices(document);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { nameUnnamedInputs(document); });

  function markMore(box) {
    const left = box.scrollLeft > 1;
    const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    box.classList.toggle("more-left", left);
    box.classList.toggle("more-right", right);
  }
  function watchWideTables() {
    document.querySelectorAll(".inline-group .tabular .wrapper").forEach(function (box) {
      markMore(box);
      if (box.dataset.moreWatched) return;
      box.dataset.moreWatched = "1";
      box.addEventListener("scroll", function () { markMore(box); }, { passive: true });
    });
  }
  document.addEventListener("DOMContentLoaded", watchWideTables);
  window.addEventListener("resize", watchWideTables);
  document.addEventListener("formset:added", watchWideTables);  // a row added may widen it

  const QUEUE_PLACE = "portail-queue-place";
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".moderation-actions button")) return;
    const place = { path: location.pathname, y: window.scrollY };
    try { sessionStorage.setItem(QUEUE_PLACE, JSON.stringify(place)); } catch (e) { /* private mode */ }
  });
  document.addEventListener("DOMContentLoaded", function () {
    let place = null;
    try {
      place = JSON.parse(sessionStorage.getItem(QUEUE_PLACE) || "null");
      sessionStorage.removeItem(QUEUE_PLACE);
    } catch (e) { return; }
    if (place && place.path === location.pathname && document.querySelector(".moderation-actions")) {
      window.scrollTo(0, Math.min(place.y, document.documentElement.scrollHeight));
    }
  });
})();
