// Small progressive enhancements; every page works without them (CSP: no inline script).
document.addEventListener("DOMContentLoaded", () => {
  // Confirmation for destructive buttons: <button data-confirm="text">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
