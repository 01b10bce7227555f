// A <select multiple data-filterable> becomes a filterable list of chosen items (Tom Select,
// vendored under static/vendor/tom-select): type to find, Enter or a click to choose, Backspace
// or the item's × to remove. Progressive enhancement: without JavaScript the plain select works
// (CSP: no inline script; Tom Select sets styles through the DOM, never a style attribute in HTML).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof TomSelect === "undefined") return;
  document.querySelectorAll("select[multiple][data-filterable]").forEach((select) => {
    const control = new TomSelect(select, {
      plugins: { remove_button: { title: select.dataset.removeTitle || "Remove" } },
      maxOptions: null,
      placeholder: select.dataset.filterPlaceholder || "",
      hidePlaceholder: true,
      closeAfterSelect: true,
      // Filter on every key stroke (the default waits 300 ms, so a quick Enter chose the option
      // highlighted before the filter).
      refreshThrottle: 0,
    });
    // The select stays in the page (for the form) but is hidden: it keeps its label's name.
    const label = document.getElementById(`${select.id}-ts-label`);
    if (label) select.setAttribute("aria-labelledby", label.id);
    // Enter chooses the highlighted state; it never sends the whole form from this box.
    control.control_input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  });
});
