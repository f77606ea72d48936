/*
 * Fiches REX widget, inside its iframe: tells the host page how tall the content is, so that
 * widget-resize.js (optional, on the host page) can fit the iframe to it. Only a height is sent:
 * when the content is laid out or resized, and when the host page asks (its script may load
 * after the widget).
 */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function post(force) {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (force === true || height !== last) {
      last = height;
      window.parent.postMessage({ type: "fiches-rex:height", height: height }, "*");
    }
  }
  window.addEventListener("load", post);
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "fiches-rex:measure") {
      post(true);
    }
  });
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.body);
  }
})();
