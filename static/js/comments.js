// Comment form: load Google's reCAPTCHA only once the reader uses the form, ask for a fresh
// token at submit (tokens expire after two minutes), reply in place, remember name and email.
(function () {
  "use strict";
  // Shared (cached) pages carry no CSRF token: fetch one just before a form is sent.
  function withCsrf(someForm, then) {
    var input = someForm.querySelector("input[data-csrf]");
    if (!input || input.value) return then();
    fetch("/csrf/", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) { input.value = data.token; })
      .catch(function () { /* the server will explain, and keep the text */ })
      .then(then);
  }
  document.querySelectorAll("form.comment__flag").forEach(function (flagForm) {
    flagForm.addEventListener("submit", function (event) {
      var input = flagForm.querySelector("input[data-csrf]");
      if (!input || input.value) return;
      event.preventDefault();
      withCsrf(flagForm, function () { flagForm.submit(); });
    });
  });

  var form = document.querySelector("[data-comment-form]");
  if (!form) return;
  var tokenInput = form.querySelector("input[name=captcha]");
  var siteKey = tokenInput ? tokenInput.getAttribute("data-sitekey") : "";
  var action = tokenInput ? tokenInput.getAttribute("data-action") || "comment" : "comment";
  var scriptRequested = false;
  var captchaUnavailable = false;

  function loadCaptcha() {
    if (scriptRequested || !siteKey) return;
    scriptRequested = true;
    var script = document.createElement("script");
    script.src = tokenInput.getAttribute("data-api");
    script.async = true;
    script.onerror = function () { captchaUnavailable = true; };  // blocked or offline
    document.head.appendChild(script);
  }
  form.addEventListener("focusin", loadCaptcha);
  form.addEventListener("input", loadCaptcha);

  function whenCaptchaReady(callback, waited) {
    waited = waited || 0;
    if (window.grecaptcha && window.grecaptcha.ready) return window.grecaptcha.ready(callback);
    // Google unreachable: send anyway, the server decides (and keeps the text).
    if (captchaUnavailable || waited > 8000) return callback(false);
    setTimeout(function () { whenCaptchaReady(callback, waited + 100); }, 100);
  }

  var submitting = false;
  form.addEventListener("submit", function (event) {
    var needsToken = form.querySelector("input[data-csrf]") && !form.querySelector("input[data-csrf]").value;
    if ((!siteKey && !needsToken) || submitting) return;
    event.preventDefault();
    submitting = true;
    if (!siteKey) return withCsrf(form, function () { form.submit(); });
    loadCaptcha();
    withCsrf(form, function () { whenCaptchaReady(function (ready) {
      function send(token) {
        if (token) tokenInput.value = token;
        form.submit();
      }
      if (ready === false) return send("");
      var sent = false;
      function once(token) { if (!sent) { sent = true; send(token); } }
      setTimeout(function () { once(""); }, 10000);  // execute() that never settles
      window.grecaptcha.execute(siteKey, { action: action }).then(once, function () { once(""); });
    }); });
  });

  // Back/forward cache: a restored page must ask for a fresh, single-use token again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { submitting = false; tokenInput.value = ""; }
  });

  // Reply in place: move the form under the comment and fill the hidden parent.
  var wrapper = document.getElementById("formulaire-commentaire");
  var home = wrapper.parentNode, homeNext = wrapper.nextSibling;
  var parentInput = form.querySelector("input[name=parent]");
  var replying = form.querySelector("[data-replying]");
  var replyingText = form.querySelector("[data-replying-text]");
  var body = form.querySelector("textarea[name=body]");
  var label = replyingText ? replyingText.textContent : "";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
    comment.querySelector("article").after(wrapper);
    parentInput.value = link.getAttribute("data-reply-to");
    replyingText.textContent = replying.getAttribute("data-label") + " " + link.getAttribute("data-reply-name");
    replying.hidden = false;
    body.focus();
  });
  form.querySelector("[data-cancel-reply]").addEventListener("click", function (event) {
    event.preventDefault();
    home.insertBefore(wrapper, homeNext);
    parentInput.value = "";
    replying.hidden = true;
    replyingText.textContent = label;
    body.focus();
  });

  // Remembered name and email (only if the reader ticked the box last time).
  var match = document.cookie.match(/(?:^|; )portail_commentateur=([^;]*)/);
  if (match) {
    try {
      var saved = JSON.parse(decodeURIComponent(match[1]));
      if (!form.elements.name.value && saved.name) form.elements.name.value = saved.name;
      if (!form.elements.email.value && saved.email) form.elements.email.value = saved.email;
      form.elements.remember.checked = true;
    } catch (e) { /* a damaged cookie is simply ignored */ }
  }
  var errors = document.getElementById("comment-form-errors");
  if (errors) errors.focus();
})();
