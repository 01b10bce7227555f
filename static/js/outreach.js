// Outreach form enhancements; the form works without them (CSP: no inline script).
// 1. A <select multiple data-filterable> gets a text box that hides the options not matching.
// 2. The state of each "challenge noted" and "procedure stage noted" row offers the states chosen
//    above.
document.addEventListener("DOMContentLoaded", () => {
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  document.querySelectorAll("select[multiple][data-filterable]").forEach((select, index) => {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 outreach-filter-box";
    box.id = `${select.id || "filterable-" + index}-filter`;
    box.placeholder = select.dataset.filterPlaceholder || "Type to filter…";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("aria-controls", select.id);
    const count = document.createElement("div");
    count.className = "form-text outreach-selected-count";
    count.setAttribute("aria-live", "polite");
    const showCount = () => {
      const chosen = Array.from(select.selectedOptions).map((o) => o.text);
      count.textContent = chosen.length ? `✓ ${chosen.join(", ")}` : "";
    };
    box.addEventListener("input", () => {
      const wanted = fold(box.value.trim());
      Array.from(select.options).forEach((option) => {
        option.hidden = wanted !== "" && !fold(option.text).includes(wanted) && !option.selected;
      });
    });
    // Enter in the filter box must not submit the whole form.
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    select.addEventListener("change", showCount);
    select.before(box);
    select.after(count);
    showCount();
  });

  const states = document.querySelector("select[multiple][data-filterable]");
  const rows = document.querySelectorAll(
    "[data-noted-row] select[name$='-state'], [data-stage-row] select[name$='-state']",
  );
  if (states && rows.length) {
    const narrow = () => {
      const chosen = new Set(Array.from(states.selectedOptions).map((o) => o.value));
      rows.forEach((select) => {
        Array.from(select.options).forEach((option) => {
          option.hidden = option.value !== "" && chosen.size > 0 && !chosen.has(option.value) && !option.selected;
        });
      });
    };
    states.addEventListener("change", narrow);
    narrow();
  }
});
