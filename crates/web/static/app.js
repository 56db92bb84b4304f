// Progressive enhancement for the edit form: the pages work without it.
// - L2 and L3 selects show only the options of the chosen L1 / L2 (cascading selects);
// - the target date and owner fields show only where the row's L1 allows them;
// - the sum of the counts is kept live against the service's total.
(function () {
  "use strict";
  var form = document.getElementById("edit");
  if (!form) { return; }
  var rules = {};
  try { rules = JSON.parse(form.getAttribute("data-rules") || "{}"); } catch (e) { rules = {}; }
  var total = parseInt(form.getAttribute("data-total") || "0", 10);

  function filter(select, attr, value) {
    var groups = select.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var keep = groups[i].getAttribute(attr) === value;
      groups[i].hidden = !keep;
      groups[i].disabled = !keep;
    }
    var chosen = select.options[select.selectedIndex];
    if (chosen && chosen.parentNode.tagName === "OPTGROUP" && chosen.parentNode.disabled) {
      select.value = "";
    }
  }

  function refresh(row) {
    var l1 = row.querySelector("select.l1");
    var l2 = row.querySelector("select.l2");
    var l3 = row.querySelector("select.l3");
    if (!l1 || !l2 || !l3) { return; }
    filter(l2, "data-l1", l1.value);
    filter(l3, "data-l2", l2.value);
    var r = rules[l1.value] || { target: true, owner: true };
    var t = row.querySelector(".need-target");
    var o = row.querySelector(".need-owner");
    if (t) { t.hidden = !r.target; }
    if (o) { o.hidden = !r.owner; }
  }

  function sum() {
    var out = document.getElementById("sum");
    if (!out) { return; }
    var n = 0;
    var inputs = form.querySelectorAll("input.seats");
    for (var i = 0; i < inputs.length; i++) {
      var v = parseInt(inputs[i].value, 10);
      if (!isNaN(v)) { n += v; }
    }
    out.textContent = String(n);
    out.className = n > total ? "over" : (n < total ? "under" : "");
  }

  var rows = form.querySelectorAll("fieldset.row");
  for (var i = 0; i < rows.length; i++) { refresh(rows[i]); }
  sum();
  form.addEventListener("change", function (ev) {
    var row = ev.target.closest("fieldset.row");
    if (row) { refresh(row); }
    sum();
  });
  form.addEventListener("input", sum);
})();
