// Forms guarded by the captcha outside the comment thread: the contact form, and the sign-up
// forms of « L'essentiel » (data-captcha-form). Like the comment form, load Google's reCAPTCHA
// only once the reader uses the form and ask for a fresh token at submit; Google unreachable,
// the form is sent anyway and the server decides (keeping the text). A form on a page shared
// from the cache carries an empty CSRF token (data-csrf): it is fetched just before sending.
(function () {
  "use strict";
  function withCsrf(form, then) {
    var input = form.querySelector("input[data-csrf]");
    if (!input || input.value) return then();
    fetch("/csrf/", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) { input.value = data.token; })
      .catch(function () { /* the server will explain, and keep the text */ })
      .then(then);
  }

  function wire(form) {
    var jsMarker = form.querySelector("input[name=js]");
    if (jsMarker) jsMarker.value = "1";
    var errors = form.querySelector("[data-form-errors]");
    if (errors) errors.focus();
    var tokenInput = form.querySelector("input[name=captcha]");
    var siteKey = tokenInput ? tokenInput.getAttribute("data-sitekey") : "";
    var action = tokenInput ? tokenInput.getAttribute("data-action") || "contact" : "contact";
    var requested = false, unavailable = false, submitting = false;

    function load() {
      if (requested || !siteKey) return;
      requested = true;
      var script = document.createElement("script");
      script.src = tokenInput.getAttribute("data-api");
      script.async = true;
      script.onerror = function () { unavailable = true; };
      document.head.appendChild(script);
    }
    // The contact page is the form: entering it is using it. A sign-up box on an article is
    // passed on the way to the comments: only typing in it counts.
    if (form.hasAttribute("data-contact-form")) form.addEventListener("focusin", load);
    form.addEventListener("input", load);

    function whenReady(callback, waited) {
      waited = waited || 0;
      if (window.grecaptcha && window.grecaptcha.ready) return window.grecaptcha.ready(callback);
      if (unavailable || waited > 8000) return callback(false);
      setTimeout(function () { whenReady(callback, waited + 100); }, 100);
    }

    form.addEventListener("submit", function (event) {
      var csrf = form.querySelector("input[data-csrf]");
      if (submitting || (!siteKey && !(csrf && !csrf.value))) return;
      event.preventDefault();
      submitting = true;
      if (!siteKey) return withCsrf(form, function () { form.submit(); });
      load();
      withCsrf(form, function () { whenReady(function (ready) {
        var sent = false;
        function send(token) {
          if (sent) return;
          sent = true;
          if (token) tokenInput.value = token;
          form.submit();
        }
        if (ready === false) return send("");
        setTimeout(function () { send(""); }, 10000);  // execute() that never settles
        window.grecaptcha.execute(siteKey, { action: action }).then(send, function () { send(""); });
      }); });
    });
    // Back/forward cache: a restored page must ask for a fresh, single-use token again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { submitting = false; if (tokenInput) tokenInput.value = ""; }
    });
  }

  document.querySelectorAll("[data-contact-form], [data-captcha-form]").forEach(wire);
})();
