// Agenda reordering without a page load. Without JavaScript the up/down buttons post the form and
// the server returns to the same page; with it, the move is posted in the background and the item
// moves in place. CSP: loaded with <script src>, no inline code.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("agenda-status");

  const refreshButtons = (list) => {
    const items = [...list.querySelectorAll(":scope > [data-agenda-item]")];
    items.forEach((item, index) => {
      const up = item.querySelector('button[value="up"]');
      const down = item.querySelector('button[value="down"]');
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  };

  document.querySelectorAll("form[data-agenda-move]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      const button = event.submitter;
      if (!button || !window.fetch) return;
      event.preventDefault();
      const data = new FormData(form);
      data.set("direction", button.value);
      let response;
      try {
        response = await fetch(form.action, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
      } catch {
        // Offline or blocked: fall back to the ordinary form post.
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "direction";
        hidden.value = button.value;
        form.appendChild(hidden);
        form.submit();
        return;
      }
      if (!response.ok) {
        window.location.reload();
        return;
      }
      const result = await response.json();
      const item = form.closest("[data-agenda-item]");
      if (result.moved) {
        if (button.value === "up" && item.previousElementSibling) {
          item.parentElement.insertBefore(item, item.previousElementSibling);
        } else if (button.value === "down" && item.nextElementSibling) {
          item.parentElement.insertBefore(item.nextElementSibling, item);
        }
        refreshButtons(item.parentElement);
        item.classList.add("agenda-moved");
        window.setTimeout(() => item.classList.remove("agenda-moved"), 1200);
        const same = item.querySelector(`button[value="${button.value}"]`);
        (same && !same.disabled ? same : item.querySelector("a, button:not([disabled])"))?.focus();
      }
      if (status) status.textContent = result.message;
    });
  });
});
