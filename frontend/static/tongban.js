/* Progressive enhancement only: every page works without this script. */
(function () {
  "use strict";

  function toggle(selector, attr, current) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.hidden = el.getAttribute(attr) !== current;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
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
