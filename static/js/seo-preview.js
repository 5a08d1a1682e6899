// The article form's SEO fields: a character count under each, and the Google result and
// share card previews (templates/admin/articles/article/seo_preview.html) kept in step with
// what is typed. The SEO title and description fall back to the title and standfirst, as the
// pages do (articles/seo.py). Wording comes from the template, already translated.
// Loaded in the admin's <head> (form media): waits for the form.
function seoPreview() {
  "use strict";
  var preview = document.querySelector(".seo-preview");
  var seoTitle = document.getElementById("id_seo_title");
  var seoDescription = document.getElementById("id_seo_description");
  if (!preview || !seoTitle || !seoDescription) {
    return; // a read-only form: nothing is typed, the server's preview stands
  }
  var title = document.getElementById("id_title");
  var standfirst = document.getElementById("id_standfirst");
  var data = preview.dataset;

  function plain(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function shorten(text, limit) {
    if (text.length <= limit) {
      return text;
    }
    var cut = text.slice(0, limit - 1);
    var space = cut.lastIndexOf(" ");
    return (space > limit / 2 ? cut.slice(0, space) : cut) + "…";
  }

  // Singular or plural by the page language's rule (French: « 0 caractère »), from the
  // scripts' catalogue the form loads first (its globals: the admin's jQuery set-up replaces
  // window.django); by French's where it is missing, as desk.js does.
  function one(count) {
    return window.pluralidx ? !window.pluralidx(count) : count <= 1;
  }

  function counter(field, limit) {
    var element = document.createElement("p");
    element.className = "seo-count";
    element.id = field.id + "_count";
    field.insertAdjacentElement("afterend", element);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + element.id);
    return function () {
      var count = field.value.length;
      var over = count > limit;
      element.textContent = (over ? data.overText : one(count) ? data.countTextOne : data.countText)
        .replace("{count}", count)
        .replace("{limit}", limit);
      element.classList.toggle("seo-count--over", over);
    };
  }

  function show(name, text) {
    preview.querySelectorAll('[data-seo="' + name + '"]').forEach(function (element) {
      element.textContent = text;
    });
  }

  var countTitle = counter(seoTitle, Number(data.titleLimit));
  var countDescription = counter(seoDescription, Number(data.descriptionLimit));

  function update() {
    countTitle();
    countDescription();
    var shownTitle = plain(seoTitle.value) || plain(title && title.value);
    var shownDescription =
      plain(seoDescription.value) ||
      plain(standfirst && standfirst.value) ||
      data.fallbackDescription;
    var limit = Number(data.descriptionLimit);
    show("title", shownTitle ? shorten(shownTitle + " — " + data.siteName, 70) : "");
    show("card-title", shownTitle);
    show("description", shorten(shownDescription, limit));
    show("card-description", shorten(shownDescription, limit));
  }

  [seoTitle, seoDescription, title, standfirst].forEach(function (field) {
    if (field) {
      field.addEventListener("input", update);
    }
  });
  update();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", seoPreview);
} else {
  seoPreview();
}
