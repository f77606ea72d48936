// Narrows a checkbox list to the labels containing every typed word (accents and case ignored).
(function () {
  "use strict";
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var setUp = function (root) {
    var search = root.querySelector("[data-search]");
    var empty = root.querySelector("[data-empty]");
    var options = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox]"));
    if (!search || root.dataset.ready) {
      return;
    }
    root.dataset.ready = "1";
    search.hidden = false;
    search.addEventListener("input", function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var item = option.closest("div") || option.parentElement;
        var label = fold(item.textContent || "");
        var match = words.every(function (word) { return label.indexOf(word) !== -1; });
        item.hidden = !match && !option.checked;
        shown += item.hidden ? 0 : 1;
      });
      empty.hidden = shown > 0;
    });
  };
  var scan = function () {
    document.querySelectorAll("[data-searchable-checkboxes]").forEach(setUp);
  };
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("w-formset:ready", scan);
  scan();
})();
