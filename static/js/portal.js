// Small progressive enhancements; every page works without them (CSP: no inline script).
document.addEventListener("DOMContentLoaded", () => {
  // A language switcher submits itself when a language is chosen; its button stays for no-JS use.
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // Confirmation for destructive buttons: <button data-confirm="text">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
