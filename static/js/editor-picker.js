// Hands an image uploaded from the article editor back to it, then closes this window.
// django-prose-editor's figure button opened us with ?CKEditorFuncNum=N and listens through
// window.CKEDITOR.tools.callFunction(N, url, details) (the CKEditor file-browser protocol).
(function () {
  "use strict";
  var element = document.getElementById("picked-image");
  var opener = window.opener;
  if (!element || !opener || !opener.CKEDITOR || !opener.CKEDITOR.tools) {
    return;
  }
  var picked = JSON.parse(element.textContent);
  opener.CKEDITOR.tools.callFunction(picked.callback, picked.url, picked.details);
  window.close();
})();
