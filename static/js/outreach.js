// Outreach form enhancements; the form works without them (CSP: no inline script).
// The state of each "challenge noted" and "procedure stage noted" row offers only the states
// chosen above that are not States Parties: the rows are rebuilt from
// <template id="noted-state-choices"> (every non-party on the activity's date) whenever the
// states concerned change. The server checks the same.
document.addEventListener("DOMContentLoaded", () => {
  const states = document.querySelector("select[name='activity-states']");
  const choices = document.getElementById("noted-state-choices");
  const rows = document.querySelectorAll("select[data-noted-state]");
  if (!states || !choices || !rows.length) return;
  const all = Array.from(choices.content.querySelectorAll("option"));
  const narrow = () => {
    const chosen = new Set(Array.from(states.selectedOptions).map((o) => o.value));
    rows.forEach((select) => {
      const current = select.value;
      const blank = select.querySelector("option[value='']");
      select.replaceChildren(blank || new Option("", ""));
      all
        .filter((option) => chosen.has(option.value))
        .forEach((option) => select.append(option.cloneNode(true)));
      select.value = chosen.has(current) ? current : "";
    });
  };
  states.addEventListener("change", narrow);
  narrow();
});
