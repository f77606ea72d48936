// Suggestions as you type in the site search boxes (inputs with data-suggestions-url): actors and
// CPV codes from /recherche/suggestions/?q=…, shown as an ARIA 1.2 combobox with a listbox
// popup. Arrows move through the suggestions, Enter opens the chosen one, Escape closes the
// list (or clears the box when it is closed). Without JavaScript, or when a request fails, the
// box is a plain GET form. Messages come from the data attributes (translated by the template).
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY = 200;

  function enhance(input) {
    var url = input.getAttribute("data-suggestions-url");
    var field = input.parentNode;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var cache = {};
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggestions-label") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    field.appendChild(list);
    field.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function announce(count) {
      var message;
      if (count === 0) {
        message = input.getAttribute("data-suggestions-none");
      } else if (count === 1) {
        message = input.getAttribute("data-suggestions-one");
      } else {
        message = (input.getAttribute("data-suggestions-many") || "").replace("{count}", count);
      }
      status.textContent = message || "";
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        if (options[active].scrollIntoView) {
          options[active].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function go(item) {
      close();
      window.location.assign(item.url);
    }

    function render(results) {
      items = results;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.textContent = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        var label = document.createElement("span");
        var detail = document.createElement("span");
        option.id = listId + "-" + index;
        option.className = "suggestions__option suggestions__option--" + item.type;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        label.className = "suggestions__label";
        label.textContent = item.label;
        detail.className = "suggestions__detail";
        detail.textContent = [item.kind_label, item.detail].filter(Boolean).join(" · ");
        option.appendChild(label);
        option.appendChild(detail);
        option.addEventListener("click", function () {
          go(item);
        });
        list.appendChild(option);
      });
      if (items.length) {
        open();
      } else {
        close();
      }
      announce(items.length);
    }

    function fetchSuggestions(query) {
      if (cache.hasOwnProperty(query)) {
        render(cache[query]);
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      window
        .fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (data) {
          cache[query] = data.items || [];
          if (input.value.trim() === query) {
            render(cache[query]);
          }
        })
        .catch(function () {
          // Aborted or offline: the form still works without suggestions.
        });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < MIN_LENGTH) {
        items = [];
        list.textContent = "";
        close();
        status.textContent = "";
        return;
      }
      timer = window.setTimeout(function () {
        fetchSuggestions(query);
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!items.length) {
            return;
          }
          event.preventDefault();
          open();
          setActive(active + 1 < items.length ? active + 1 : 0);
          break;
        case "ArrowUp":
        case "Up":
          if (!items.length) {
            return;
          }
          event.preventDefault();
          open();
          setActive(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          // Without a chosen suggestion, Enter submits the search form as usual.
          if (expanded && active >= 0) {
            event.preventDefault();
            go(items[active]);
          }
          break;
        case "Escape":
        case "Esc":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            items = [];
            list.textContent = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Keep the focus in the box when a suggestion is clicked.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    input.addEventListener("blur", function () {
      close();
    });
    input.addEventListener("focus", function () {
      if (input.value.trim().length >= MIN_LENGTH) {
        open();
      }
    });
  }

  function start() {
    if (!window.fetch || !document.querySelectorAll) {
      return;
    }
    var inputs = document.querySelectorAll("input[data-suggestions-url]");
    Array.prototype.forEach.call(inputs, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
