// Print buttons: elements with a data-print attribute are hidden in the HTML (they do nothing
// without JavaScript) and shown here with their handler, so no inline script is needed (CSP).
(function () {
  "use strict";
  function bind() {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
