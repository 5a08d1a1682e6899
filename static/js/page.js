// Every page: times of the last 24 hours said as « il y a 2 h », the phone bar's search
// field focused when its magnifier opens it, and its menu closed by Escape or by tabbing out.
// Without this file the page shows the date the server wrote and the field and the menu open
// all the same (a <details>); nothing here is needed to read.
(function () {
  "use strict";

  // Relative times, from each <time datetime>: computed here, in the reader's browser, so a
  // page served from a cache never shows an age frozen at the moment it was stored.
  var DAY = 24 * 60 * 60 * 1000;
  var format = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(document.documentElement.lang || "fr", { numeric: "auto", style: "short" })
    : null;

  function age(time, now) {
    var at = Date.parse(time.getAttribute("datetime"));
    var elapsed = now - at;
    if (isNaN(at) || elapsed < -60000 || elapsed >= DAY) return null;
    var minutes = Math.floor(Math.max(elapsed, 0) / 60000);
    if (minutes < 1) return format.format(0, "second"); // « maintenant »
    if (minutes < 60) return format.format(-minutes, "minute"); // « il y a 5 min »
    return format.format(-Math.floor(minutes / 60), "hour"); // « il y a 2 h »
  }

  function refresh() {
    var now = Date.now();
    var times = document.querySelectorAll("time[data-relative]");
    for (var i = 0; i < times.length; i++) {
      var time = times[i];
      if (!time.hasAttribute("data-absolute")) time.setAttribute("data-absolute", time.textContent);
      var relative = age(time, now);
      var absolute = time.getAttribute("data-absolute");
      time.textContent = relative || absolute;
      // The written date stays one hover (or long press) away.
      if (relative) time.title = absolute; else time.removeAttribute("title");
    }
  }

  if (format) {
    refresh();
    setInterval(refresh, 60000);
  }

  // The phone bar's magnifier: once opened, the field is ready to type in; the menu closes.
  var toggle = document.querySelector(".search-toggle");
  var menu = document.querySelector(".site-nav__mobile");
  if (toggle) {
    toggle.addEventListener("toggle", function () {
      if (!toggle.open) return;
      if (menu) menu.open = false;
      var field = document.getElementById("site-search-q");
      if (field) field.focus();
    });
  }
  if (menu && toggle) {
    menu.addEventListener("toggle", function () {
      if (menu.open) toggle.open = false;
    });
  }

  // The phone menu closes as a pop-up does: Escape closes it and gives focus back to « Menu »;
  // tabbing out of it closes it, so it is never left drawn over the link the focus went to.
  if (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
    menu.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (menu.open && next && !menu.contains(next)) menu.open = false;
    });
  }
})();
