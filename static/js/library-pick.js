// The article form: a featured image picked from the media library (the loupe beside « Image de
// la médiathèque ») shows at once, with its texts, under the field. Until the article was saved
// the form showed only the entry's number, and the writer could not tell whether the right
// photo was picked (a newsroom trial). The entry comes from the library's `apercu/` (JSON).
(function () {
  "use strict";

  function start() {
    const input = document.querySelector("input[data-preview-url]");
    if (!input) return;
    const figure = document.createElement("figure");
    figure.className = "library-pick";
    figure.setAttribute("aria-live", "polite");
    figure.hidden = true;
    (input.closest("div") || input).insertAdjacentElement("afterend", figure);
    // The saved pick needs no preview (the form shows it below); one that differs from it, as
    // when the form came back refused, does.
    let shown = input.dataset.saved ?? input.value.trim();
    let asked = 0;

    function line(className, text) {
      const element = document.createElement(className === "library-pick__note" ? "p" : "span");
      element.className = className;
      element.textContent = text;
      return element;
    }

    function show(entry) {
      const image = document.createElement("img");
      image.src = entry.src;
      image.alt = "";
      image.width = 240;
      const caption = document.createElement("figcaption");
      caption.append(line("library-pick__alt", entry.alt));
      if (entry.caption) caption.append(line("library-pick__caption", entry.caption));
      if (entry.credit) caption.append(line("library-pick__credit", entry.credit));
      caption.append(line("library-pick__note", entry.note));
      figure.replaceChildren(image, caption);
      figure.hidden = false;
    }

    function refresh() {
      const id = input.value.trim();
      if (id === shown) return;
      shown = id;
      const ask = ++asked;
      if (!id) {
        figure.replaceChildren();
        figure.hidden = true;
        return;
      }
      const url = input.dataset.previewUrl + "?" + new URLSearchParams({ id: id });
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((entry) => {
          if (ask !== asked) return; // a later pick answered first
          if (entry.src) {
            show(entry);
          } else {
            figure.replaceChildren(line("library-pick__note", entry.error || ""));
            figure.hidden = false;
          }
        })
        .catch(() => {
          if (ask === asked) figure.hidden = true;
        });
    }

    // The loupe's pop-up sets the value and fires jQuery's « change »; typing fires « input ».
    input.addEventListener("change", refresh);
    input.addEventListener("input", refresh);
    if (window.django && window.django.jQuery) window.django.jQuery(input).on("change", refresh);
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
