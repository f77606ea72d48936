// The catalogue (templates/fiches/fiche_index_page.html), made nicer: the results follow the
// filters and the order as soon as they change, without reloading the page; removing a
// criterion and changing page do the same. Each state still gets its own address (history), and
// the number of results is read out by the status region. Without JavaScript, or if anything
// fails here, the form and the links work as they are (plain GET requests). No inline code (CSP).
(function () {
  "use strict";

  var form = document.getElementById("catalogue-form");
  var results = document.getElementById("catalogue-results");
  var status = document.getElementById("catalogue-status");
  if (!form || !results || !status || !window.fetch || !window.DOMParser || !window.FormData ||
      !window.URLSearchParams || !(window.history && window.history.pushState)) {
    return;
  }

  var path = form.getAttribute("action") || window.location.pathname;
  var latest = 0;           // number of the last request: older answers are dropped
  var currentUrl = window.location.pathname + window.location.search;
  var keyboard = false;     // the last input came from the keyboard
  var pendingSelect = null; // a list changed with the arrow keys: applied on Enter or on leaving it

  function isControl(element) {
    return element && element.form === form && (element.tagName === "SELECT" || element.tagName === "INPUT");
  }

  // The address of the form's state, without the empty fields.
  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      value = String(value).trim();
      if (value) {
        params.append(key, value);
      }
    });
    var query = params.toString();
    return path + (query ? "?" + query : "");
  }

  function replaceWith(html, url, push, focusHeading) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var freshForm = fresh.getElementById("catalogue-form");
    var freshResults = fresh.getElementById("catalogue-results");
    var freshQuery = fresh.getElementById("catalogue-q");
    if (!freshForm || !freshResults) {
      throw new Error("unexpected page");
    }
    var focused = document.activeElement && document.activeElement.id;
    pendingSelect = null;
    form.innerHTML = freshForm.innerHTML;
    results.innerHTML = freshResults.innerHTML;
    var query = document.getElementById("catalogue-q");
    if (query && freshQuery && document.activeElement !== query) {
      query.value = freshQuery.value;
    }
    enhance();
    if (push) {
      window.history.pushState({ catalogue: true }, "", url);
    }
    currentUrl = url;
    var heading = document.getElementById("catalogue-results-title");
    // A new text in the status region is read out, whatever has the focus.
    status.textContent = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
    var target = focused && document.getElementById(focused);
    if (focusHeading && heading) {
      heading.focus();
    } else if (target && target !== document.activeElement) {
      target.focus();
    }
  }

  function load(url, options) {
    options = options || {};
    if (url === currentUrl && !options.force) {
      return;
    }
    var number = ++latest;
    results.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (number === latest) {
          replaceWith(html, url, options.push !== false, options.focusHeading);
          results.removeAttribute("aria-busy");
        }
      })
      .catch(function () {
        // Let the browser load the page the usual way.
        window.location.assign(url);
      });
  }

  function apply() {
    pendingSelect = null;
    load(formUrl());
  }

  // Buttons of no use here (the order applies itself) are hidden, the help about the live
  // update is shown.
  function enhance() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-catalogue-nojs]"), function (element) {
      element.hidden = true;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-catalogue-js]"), function (element) {
      element.hidden = false;
    });
  }

  document.addEventListener("keydown", function (event) {
    keyboard = true;
    if (event.key === "Enter" && pendingSelect && event.target === pendingSelect) {
      event.preventDefault();
      apply();
    }
  }, true);
  document.addEventListener("pointerdown", function () {
    keyboard = false;
  }, true);

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!isControl(control) || control.type === "search" || control.type === "text") {
      return;
    }
    if (control.tagName === "SELECT" && keyboard && document.activeElement === control) {
      // Arrow keys change a closed list one value at a time: wait for the choice to be made.
      pendingSelect = control;
      return;
    }
    apply();
  });
  document.addEventListener("focusout", function (event) {
    if (pendingSelect && event.target === pendingSelect) {
      apply();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });

  // Links that stay in the catalogue: removing a criterion, clearing all, changing page.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    if (!results.contains(link) && !form.contains(link)) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== path) {
      return;
    }
    event.preventDefault();
    load(url.pathname + url.search, { focusHeading: true });
  });

  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, { push: false, force: true });
  });

  window.history.replaceState({ catalogue: true }, "", currentUrl);
  enhance();
})();
