// Small progressive enhancements; every page works without them (CSP: no inline script).
document.addEventListener("DOMContentLoaded", () => {
  // Confirmation for destructive buttons: <button data-confirm="text">.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // Menus of the bar open towards the side where they fit: a menu aligned on its button's right
  // edge would pass the window's left edge when the bar wraps and puts the button at the start
  // of a row (French and Spanish at 1,024 px), and the other way round.
  document.querySelectorAll(".portal-nav .dropdown").forEach((dropdown) => {
    dropdown.addEventListener("shown.bs.dropdown", () => {
      const menu = dropdown.querySelector(".dropdown-menu");
      if (!menu) return;
      menu.classList.add("dropdown-menu-end");
      if (menu.getBoundingClientRect().left < 0) menu.classList.remove("dropdown-menu-end");
    });
  });
});
