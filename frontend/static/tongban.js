/* Progressive enhancement only: every page works without this script. */
(function () {
  "use strict";

  function toggle(selector, attr, current) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.hidden = el.getAttribute(attr) !== current;
    });
  }

  // The stylesheet collapses the long staff menu on a narrow screen only when this script runs:
  // without it the menu stays open, so every page still works.
  document.documentElement.classList.add("js");

  function setupMenu() {
    var nav = document.querySelector(".site-nav");
    var toggle = nav && nav.querySelector(".nav-toggle");
    if (!toggle || nav.querySelectorAll("#site-menu > li").length <= 5) { return; }
    nav.classList.add("collapsible");
    toggle.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
      if (open) { nav.querySelector("#site-menu a, #site-menu button").focus(); }
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        toggle.setAttribute("aria-expanded", "false");
        nav.classList.remove("open");
        toggle.focus();
      }
    });
  }

  // A data table wider than the screen scrolls inside its own box; a box that scrolls is a named,
  // focusable region so a keyboard user can scroll it too.
  function tableName(table) {
    var caption = table.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var labelled = table.closest("[aria-labelledby]");
    if (labelled) {
      var heading = document.getElementById(labelled.getAttribute("aria-labelledby"));
      if (heading) { return heading.textContent.trim(); }
    }
    var previous = table.previousElementSibling;
    while (previous && !/^H[1-6]$/.test(previous.tagName)) { previous = previous.previousElementSibling; }
    return previous ? previous.textContent.trim() : (document.querySelector("main h1") || {}).textContent || "";
  }

  function syncScrollBoxes() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.getAttribute("data-name"));
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function setupTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) { return; }
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.setAttribute("data-name", tableName(table).replace(/\s+/g, " "));
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    syncScrollBoxes();
    window.addEventListener("resize", syncScrollBoxes);
  }

  // "?" jumps to the keyboard help, "/" to the page's first field; never while typing in one.
  function setupShortcuts() {
    document.addEventListener("keydown", function (event) {
      var el = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || el.isContentEditable ||
          /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) { return; }
      if (event.key === "?") {
        var help = document.getElementById("keyboard-help");
        if (help) { event.preventDefault(); help.open = true; help.querySelector("summary").focus(); }
      } else if (event.key === "/") {
        var field = document.querySelector('main input[type="search"], main input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"]), main textarea, main select');
        if (field) { event.preventDefault(); field.focus(); }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupTables();
    setupShortcuts();

    // Applicant type: show only the person or company fields.
    var typeInputs = document.querySelectorAll('[data-applicant-type] input[name="type"]');
    function syncType() {
      var checked = document.querySelector('[data-applicant-type] input[name="type"]:checked');
      if (checked) { toggle("[data-for-type]", "data-for-type", checked.value); }
    }
    typeInputs.forEach(function (input) { input.addEventListener("change", syncType); });
    syncType();

    // Task decision: the missing-materials list belongs to "supplement" only, unless it has errors;
    // the acceptance checklist (data-show-first) shows until another decision is chosen.
    var decisions = document.querySelectorAll('input[name="decision"]');
    function syncDecision() {
      var checked = document.querySelector('input[name="decision"]:checked');
      document.querySelectorAll("[data-show-for-decision]").forEach(function (el) {
        var keep = el.classList.contains("field-invalid");
        var wanted = el.getAttribute("data-show-for-decision").split(" ");
        var shown = checked ? wanted.indexOf(checked.value) >= 0 : el.hasAttribute("data-show-first");
        el.hidden = !keep && !shown;
      });
    }
    decisions.forEach(function (input) { input.addEventListener("change", syncDecision); });
    if (decisions.length) { syncDecision(); }

    // Delivery record: the tracking number belongs to post only, unless it has errors.
    var methods = document.querySelectorAll('input[name="delivery_method"]');
    function syncMethod() {
      var checked = document.querySelector('input[name="delivery_method"]:checked');
      document.querySelectorAll("[data-show-for-delivery]").forEach(function (el) {
        var keep = el.querySelector(".field-invalid") !== null;
        var wanted = el.getAttribute("data-show-for-delivery").split(" ");
        el.hidden = !keep && (!checked || wanted.indexOf(checked.value) < 0);
      });
    }
    methods.forEach(function (input) { input.addEventListener("change", syncMethod); });
    if (methods.length) { syncMethod(); }

    // After a rejected submission, land on the error summary, else on the first invalid field.
    var target = document.querySelector("main .error-summary") || document.querySelector('main [aria-invalid="true"]');
    if (target) { target.focus(); }
  });
})();
