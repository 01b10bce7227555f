// Bulk tagging: say how many states are chosen (the form works without it; CSP: no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select[name='states']");
  const output = document.getElementById("bulk-selected");
  if (!select || !output) return;
  const template = output.dataset.template || "%s";
  const update = () => {
    const n = select.selectedOptions.length;
    output.textContent = n ? template.replace("%s", String(n)) : "";
  };
  select.addEventListener("change", update);
  update();
});
