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

  // After a post: the reader's own held comments, in place, for them alone. The page is shared,
  // so they come from a never-cached endpoint, asked only when the signed cookie of their ids is
  // there (comments/pending_cookie.py). Then the outcome message goes beside the comment it is about and
  // takes the focus, so it is both seen and read out.
  var section = document.getElementById("commentaires");
  var outcome = document.querySelector("[data-comment-outcome]");
  function repliesOf(item) {
    var parent = item.parent && document.getElementById("comment-" + item.parent);
    var list = parent ? parent.querySelector(":scope > ol.comments__replies")
                      : section.querySelector("ol.comments__list");
    if (list) return list;
    list = document.createElement("ol");
    list.className = parent ? "comments__replies" : "comments__list";
    if (parent) { parent.appendChild(list); return list; }
    var empty = section.querySelector(".comments__empty");
    if (empty) empty.hidden = true;
    document.getElementById("comments-title").after(list);
    return list;
  }
  function showPending(items) {
    var last = null;
    items.forEach(function (item) {
      if (document.getElementById("comment-" + item.id)) return;
      repliesOf(item).insertAdjacentHTML("beforeend", item.html);
      last = document.getElementById("comment-" + item.id);
    });
    return last;
  }
  function placeOutcome(held) {
    if (!outcome) return;
    if (document.readyState !== "complete") {
      // The browser's own move to #comment-N, before `load`, takes the focus back from
      // whatever holds it: the message would be shown but not read out.
      window.addEventListener("load", function () { placeOutcome(held); }, { once: true });
      return;
    }
    var hash = decodeURIComponent(location.hash.slice(1));
    var target = /^comment-\d+$/.test(hash) ? document.getElementById(hash)
               : outcome.hasAttribute("data-held") ? held : null;
    var article = target && target.querySelector("article");
    if (article) article.after(outcome);
    outcome.focus({ preventScroll: true });
    (target || outcome).scrollIntoView({ block: "start" });
  }
  if (section && /(?:^|; )portail_en_attente=/.test(document.cookie)) {
    fetch(section.getAttribute("data-pending-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : { comments: [] }; })
      .then(function (data) { placeOutcome(showPending(data.comments || [])); })
      .catch(function () { placeOutcome(null); });
  } else {
    placeOutcome(null);
  }

  var form = document.querySelector("[data-comment-form]");
  if (!form) return;
  // Tells the server this browser runs JavaScript, so a post without a captcha token is
  // refused rather than held as a no-JavaScript comment.
  var jsMarker = form.querySelector("input[name=js]");
  if (jsMarker) jsMarker.value = "1";
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

  // Sent once: a double click posted twice, and the reader saw the second answer (« déjà
  // reçu ») instead of the first (« publié »).
  var submitting = false;
  form.addEventListener("submit", function (event) {
    if (submitting) return event.preventDefault();
    submitting = true;
    var needsToken = form.querySelector("input[data-csrf]") && !form.querySelector("input[data-csrf]").value;
    if (!siteKey && !needsToken) return;  // the browser sends it as it is
    event.preventDefault();
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
    describe(body, replyingText.id, true);  // « En réponse à Aminata Sow », read with the box
    body.focus();
  });
  form.querySelector("[data-cancel-reply]").addEventListener("click", function (event) {
    event.preventDefault();
    home.insertBefore(wrapper, homeNext);
    parentInput.value = "";
    replying.hidden = true;
    replyingText.textContent = label;
    describe(body, replyingText.id, false);
    body.focus();
  });

  // Adds or removes one id in an element's aria-describedby, keeping the others (the counter).
  function describe(element, id, on) {
    var ids = (element.getAttribute("aria-describedby") || "").split(" ").filter(function (one) {
      return one && one !== id;
    });
    if (on) ids.unshift(id);
    if (ids.length) element.setAttribute("aria-describedby", ids.join(" "));
    else element.removeAttribute("aria-describedby");
  }

  // A field's error from the server spoke of the text that was sent: it goes once the reader
  // changes that field (« Ce champ est obligatoire » stayed under a name typed since, and the
  // body's « 10 caractères de trop » under the counter saying the same: a reader's trial). The
  // list atop the form stays, as the record of what was refused.
  function clearServerError(field) {
    var error = document.getElementById(field.id + "_error");
    if (!error) return;
    describe(field, error.id, false);
    error.remove();
    field.removeAttribute("aria-invalid");
    var box = field.closest(".comment-form__field--error");
    if (box) box.classList.remove("comment-form__field--error");
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[id], textarea[id]"), function (field) {
    if (document.getElementById(field.id + "_error")) {
      field.addEventListener("input", function () { clearServerError(field); }, { once: true });
    }
  });

  // A live count near the limit; past it, how many characters are over. Nothing is cut (no
  // maxlength): the text stays whole, and the server refuses it with the text kept.
  var limit = parseInt(body.getAttribute("data-maxlength"), 10);
  if (limit) {
    var counter = document.createElement("span");
    counter.id = body.id + "_count";
    counter.className = "comment-form__count";
    counter.setAttribute("aria-live", "polite");
    body.after(counter);
    body.setAttribute("aria-describedby",
      ((body.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    var countText = function () {
      // As the server counts: one character a line break, without the spaces around the text
      // (they are dropped: 5,004 characters ending in a space were « 4 de trop » here, 5,003 there).
      var length = Array.from(body.value.replace(/\r\n?/g, "\n").trim()).length;
      counter.classList.toggle("comment-form__count--over", length > limit);
      if (length > limit) {
        counter.textContent = (length - limit === 1 ? form.getAttribute("data-over-one")
          : form.getAttribute("data-over-many")).replace("%(n)s", (length - limit).toLocaleString(document.documentElement.lang || undefined));
      } else if (length >= limit * 0.8) {
        var left = limit - length;
        // French counts 0 and 1 in the singular, English 1 only (the page's language).
        var one = (document.documentElement.lang || "fr").slice(0, 2) === "fr" ? left <= 1 : left === 1;
        counter.textContent = form.getAttribute(one ? "data-left-one" : "data-left").replace("%(n)s", left.toLocaleString(document.documentElement.lang || undefined));
      } else {
        counter.textContent = "";
      }
    };
    body.addEventListener("input", countText);
    // Under the server's error about the text sent, the count starts with the first change.
    if (!document.getElementById(body.id + "_error")) countText();
  }

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
