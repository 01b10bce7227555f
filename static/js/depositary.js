// The depositary check: select every addition or every conflict in one click (the boxes work
// without it; CSP: no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const buttons = document.querySelector("[data-select-buttons]");
  if (!buttons) return;
  buttons.hidden = false;
  const boxes = () => document.querySelectorAll('input[name="difference"]');
  buttons.querySelectorAll("[data-select]").forEach((button) => {
    button.addEventListener("click", () => {
      const what = button.dataset.select;
      boxes().forEach((box) => {
        if (what === "none") box.checked = false;
        else if (box.dataset.what === what) box.checked = true;
      });
    });
  });
});
