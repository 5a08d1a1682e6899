// The article change form's « Copier pour WhatsApp » (templates/reach/admin_box.html): one
// click puts the prepared text on the clipboard. Without this file the text is still there,
// selectable by hand.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector("[data-copy-status]");
    function say(attribute) { if (status) status.textContent = button.getAttribute(attribute) || ""; }
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say("data-copied"); },
          function () { field.select(); say("data-copy-failed"); }
        );
        return;
      }
      field.select();
      say(document.execCommand && document.execCommand("copy") ? "data-copied" : "data-copy-failed");
    });
  });
})();
