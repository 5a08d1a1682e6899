// Le Portail — the « Direct » desk (docs/live.md). A photo needs its description: asked for
// before sending, because a file field cannot be handed back by the server, and a reporter on
// a bad connection must not choose or upload the photo twice. The server checks the same rule.
(() => {
  "use strict";
  const form = document.querySelector("[data-live-desk]");
  if (!form) return;
  const photo = form.querySelector('input[type="file"]');
  const alt = form.querySelector("[data-photo-alt]");
  const error = document.getElementById(alt.getAttribute("aria-describedby"));

  const flag = (message) => {
    error.textContent = message;
    error.hidden = !message;
    if (message) alt.setAttribute("aria-invalid", "true");
    else alt.removeAttribute("aria-invalid");
  };

  form.addEventListener("submit", (event) => {
    if (!photo.files.length || alt.value.trim()) return;
    event.preventDefault();
    flag(form.dataset.altRequired);
    alt.focus();
  });
  alt.addEventListener("input", () => {
    if (alt.value.trim() && alt.getAttribute("aria-invalid")) flag("");
  });

  // The server's word on the text that was sent goes once the text changes: « Écrivez le
  // texte de l'entrée. » stayed above a text typed since (a reporter's trial).
  const body = form.querySelector("[aria-describedby~='body-error']");
  const bodyError = document.getElementById("body-error");
  if (body && bodyError) {
    body.addEventListener("input", () => {
      bodyError.remove();
      body.removeAttribute("aria-invalid");
      const rest = body.getAttribute("aria-describedby").split(" ").filter((id) => id && id !== "body-error");
      if (rest.length) body.setAttribute("aria-describedby", rest.join(" "));
      else body.removeAttribute("aria-describedby");
    }, { once: true });
  }
})();
