/*
 * Fiches REX widget, on the host page (optional): fits each widget iframe
 * (<iframe data-fiches-rex-widget>) to the height its content reports. Without this script
 * the iframe keeps the height written in the snippet.
 */
(function () {
  "use strict";
  var MIN_HEIGHT = 80;
  var MAX_HEIGHT = 4000;
  var SELECTOR = "iframe[data-fiches-rex-widget]";

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "fiches-rex:height" || typeof data.height !== "number") {
      return;
    }
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i += 1) {
      // Only the widget's own frame may resize itself.
      if (frames[i].contentWindow === event.source) {
        var height = Math.min(Math.max(Math.ceil(data.height), MIN_HEIGHT), MAX_HEIGHT);
        frames[i].style.height = height + "px";
      }
    }
  });

  // The widgets that were displayed before this script ran are asked for their height again.
  function measure(frame) {
    if (frame.contentWindow) {
      frame.contentWindow.postMessage({ type: "fiches-rex:measure" }, "*");
    }
  }
  function init() {
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i += 1) {
      measure(frames[i]);
      frames[i].addEventListener("load", measure.bind(null, frames[i]));
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
