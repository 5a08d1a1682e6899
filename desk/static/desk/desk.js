/* The article form's desk (desk/views.py): nothing typed is lost.
 *
 * - the form's state goes to the server every N seconds when it changed, and when the tab is
 *   hidden (a closed tab, a phone switching apps) — into the person's autosave slot, never into
 *   the article;
 * - on opening the form, a slot newer than the article's last save is offered back;
 * - leaving a changed form asks first (not after « Enregistrer »);
 * - « Aperçu » posts the form as it is to a new tab;
 * - words and reading time under the text.
 *
 * Addresses are relative to the form's own (…/change/autosave/, …/add/apercu/), so they hold
 * whatever the admin's address or language prefix. Only top-level fields are kept: inline rows
 * (names with a dash), files and buttons are not.
 */
"use strict";
(function () {
  const script = document.currentScript;
  const SECONDS = Number(script.dataset.autosaveSeconds) || 30;
  const WORDS_PER_MINUTE = Number(script.dataset.wordsPerMinute) || 230;
  const COUNT_EVERY_MS = 100;
  const BEACON_LIMIT = 60000; // browsers refuse a keepalive request past 64 KB in flight

  // The admin's JavaScript catalog when loaded, the French source otherwise. Called by these
  // names so that `makemessages -d djangojs` finds the strings.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n > 1 ? many : one));
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

  const editors = new Map(); // textarea → Tiptap editor, announced by django-prose-editor
  document.addEventListener("prose-editor:ready", (event) => {
    editors.set(event.detail.textarea, event.detail.editor);
  });

  function editorOf(textarea) {
    if (editors.has(textarea)) return editors.get(textarea);
    const view = textarea.closest(".prose-editor")?.querySelector(".ProseMirror");
    return view?.editor || null; // Tiptap keeps its editor on the view's element
  }

  function kept(element) {
    const type = element.type;
    return (
      element.name &&
      !element.disabled &&
      element.name !== "csrfmiddlewaretoken" &&
      !element.name.startsWith("_") &&
      !element.name.includes("-") &&
      !["file", "submit", "button", "reset", "image"].includes(type)
    );
  }

  function snapshot(form) {
    const fields = {};
    for (const element of form.elements) {
      if (!kept(element)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        fields[element.name] = fields[element.name] || [];
        if (element.checked) fields[element.name].push(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        fields[element.name] = Array.from(element.selectedOptions, (option) => option.value);
      } else {
        fields[element.name] = element.value;
      }
    }
    return fields;
  }

  function restore(form, fields) {
    for (const element of form.elements) {
      if (!kept(element) || !(element.name in fields)) continue;
      const value = fields[element.name];
      const values = Array.isArray(value) ? value : [value];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT") {
        for (const option of element.options) {
          if (element.multiple) option.selected = values.includes(option.value);
        }
        if (!element.multiple && Array.from(element.options, (o) => o.value).includes(values[0])) {
          element.value = values[0];
        }
      } else {
        element.value = values[0] ?? "";
        const editor = element.tagName === "TEXTAREA" ? editorOf(element) : null;
        if (editor) editor.commands.setContent(element.value);
      }
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function statusLine(form) {
    const line = document.createElement("p");
    line.className = "desk-status";
    line.setAttribute("role", "status");
    form.querySelector(".submit-row")?.before(line);
    return line;
  }

  // -- Words and reading time ---------------------------------------------------------------

  const BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, td, th, br, pre";

  function countWords(html) {
    const body = new DOMParser().parseFromString(html, "text/html").body;
    for (const block of body.querySelectorAll(BLOCKS)) block.after(" ");
    return body.textContent.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  }

  function wordCounter(textarea) {
    const counter = document.createElement("p");
    counter.className = "desk-count";
    counter.id = "desk-count";
    const row = textarea.closest(".form-row") || textarea.parentElement;
    row.append(counter);
    const locale = document.documentElement.lang || "fr";
    let pending = false;
    const update = () => {
      pending = false;
      const words = countWords(textarea.value);
      if (!words) {
        counter.textContent = gettext("Aucun mot pour l'instant");
        return;
      }
      const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
      counter.textContent =
        fill(ngettext("%(count)s mot", "%(count)s mots", words), {
          count: words.toLocaleString(locale),
        }) +
        " · " +
        fill(gettext("%(minutes)s min de lecture"), { minutes: minutes.toLocaleString(locale) });
    };
    // Counted again at most ten times a second while typing (the whole text is parsed each
    // time), on a timer: a hidden or headless page may draw no animation frame for a while.
    textarea.addEventListener("input", () => {
      if (!pending) {
        pending = true;
        setTimeout(update, COUNT_EVERY_MS);
      }
    });
    update();
  }

  // -- Autosave, restore, leaving, preview ----------------------------------------------------

  function start(form) {
    const token = form.querySelector("[name=csrfmiddlewaretoken]")?.value || "";
    const url = new URL("autosave/", window.location.href);
    url.search = "";
    const status = statusLine(form);
    const initial = JSON.stringify(snapshot(form));
    let lastSent = initial;
    let submitting = false;
    let stopped = false;

    function send({ leaving = false } = {}) {
      const state = JSON.stringify(snapshot(form));
      if (stopped || submitting || state === lastSent) return;
      const body = JSON.stringify({ fields: JSON.parse(state) });
      const sent = state;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body,
        keepalive: leaving && body.length < BEACON_LIMIT,
      })
        .then(async (response) => {
          const answer = await response.json().catch(() => ({}));
          if (response.ok) {
            lastSent = sent;
            status.classList.remove("desk-status--error");
            status.textContent = fill(gettext("Sauvegarde automatique à %(time)s."), {
              time: answer.time,  // the server's, in the newsroom's zone, as restores say
            });
          } else {
            status.classList.add("desk-status--error");
            status.textContent =
              answer.error ||
              gettext("La sauvegarde automatique a échoué : enregistrez l'article.");
            if (response.status === 403 || response.status === 404) stopped = true;
          }
        })
        .catch(() => {
          status.classList.add("desk-status--error");
          status.textContent = gettext(
            "Sauvegarde automatique impossible (connexion perdue ?) : nouvel essai dans un instant.",
          );
        });
    }

    window.setInterval(send, SECONDS * 1000);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") send({ leaving: true });
    });

    form.addEventListener("submit", (event) => {
      if (!event.submitter?.classList.contains("desk-preview")) submitting = true;
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) submitting = false; // back from the next page: the form is live again
    });
    window.addEventListener("beforeunload", (event) => {
      if (!submitting && JSON.stringify(snapshot(form)) !== initial) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    for (const row of form.querySelectorAll(".submit-row")) {
      const button = document.createElement("button");
      button.type = "submit";
      button.className = "button desk-preview";
      button.formAction = new URL("apercu/", window.location.href).pathname;
      button.formTarget = "_blank";
      button.formNoValidate = true;
      button.textContent = gettext("Aperçu");
      button.title = gettext(
        "Voir l'article tel qu'il est dans ce formulaire, dans un nouvel onglet",
      );
      row.append(button);
    }

    // A form sent back with errors already holds what was typed: no older slot is offered.
    if (document.querySelector(".errornote")) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { slot: null }))
      .then(({ slot }) => {
        if (slot) offer(form, slot);
      })
      .catch(() => {});

    function offer(form, slot) {
      const box = document.createElement("div");
      box.className = "desk-restore";
      box.setAttribute("role", "alert");
      const message = document.createElement("p");
      message.textContent = slot.message;
      const restoreButton = document.createElement("button");
      restoreButton.type = "button";
      restoreButton.className = "button default";
      restoreButton.textContent = gettext("Restaurer");
      const ignoreButton = document.createElement("button");
      ignoreButton.type = "button";
      ignoreButton.className = "button";
      ignoreButton.textContent = gettext("Ignorer");
      box.append(message, restoreButton, " ", ignoreButton);
      form.before(box);
      restoreButton.addEventListener("click", () => {
        restore(form, slot.fields);
        lastSent = JSON.stringify(snapshot(form)); // what the slot holds already
        box.remove();
        status.textContent = gettext("Version non enregistrée restaurée : pensez à enregistrer.");
      });
      ignoreButton.addEventListener("click", () => {
        fetch(url, {
          method: "DELETE",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token },
        }).catch(() => {});
        box.remove();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    // The article form itself: not a version from the history, not a read-only view.
    if (!/\/(add|change)\/$/.test(window.location.pathname)) return;
    const form = document.getElementById("article_form");
    if (!form || !form.querySelector(".submit-row [type=submit]")) return;
    const body = form.querySelector("textarea[name=body]");
    if (body) wordCounter(body);
    start(form);
  });
})();
