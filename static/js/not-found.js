// The 404 page: up to three articles near the words of the broken address, asked from a small
// endpoint (pages/views.py) so that only a reader's browser, not every crawler, makes it search.
(function () {
  "use strict";
  var box = document.querySelector("[data-suggestions]");
  if (!box || !window.fetch) return;
  fetch(box.getAttribute("data-url"), { credentials: "omit" })
    .then(function (response) { return response.ok ? response.json() : { articles: [] }; })
    .then(function (data) {
      var articles = data.articles || [];
      if (!articles.length) return;
      var list = box.querySelector("ul");
      articles.forEach(function (article) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = article.url;
        link.textContent = article.title;  // text, never HTML
        item.appendChild(link);
        list.appendChild(item);
      });
      box.hidden = false;
    })
    .catch(function () { /* no suggestions: the search box is still there */ });
})();
