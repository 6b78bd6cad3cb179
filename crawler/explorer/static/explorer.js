// backlinks serve: completion of the domain box, and filters that apply as soon as they change.
// Sorting and paging are links: the server sorts and pages (a table never comes whole).
"use strict";

function completeDomains() {
  const box = document.getElementById("domain-box");
  const list = document.getElementById("domain-list");
  if (!box || !list) return;
  let asked = "";
  box.addEventListener("input", async () => {
    const typed = box.value.trim().toLowerCase();
    if (typed.length < 2 || typed === asked) return;
    asked = typed;
    const answer = await fetch("/api/complete?q=" + encodeURIComponent(typed), {credentials: "same-origin"});
    if (!answer.ok || asked !== typed) return;
    list.replaceChildren(...(await answer.json()).map((name) => {
      const option = document.createElement("option");
      option.value = name;  // a DOM property, never HTML: a domain cannot inject markup
      return option;
    }));
  });
}

function applyFiltersOnChange() {
  for (const input of document.querySelectorAll("form.filters .auto")) {
    input.addEventListener("change", () => {
      const page = input.form.querySelector("input[name=page]");
      if (page) page.remove();
      input.form.requestSubmit();
    });
  }
}

// A part of the page that takes longer than the rest (the overview's audit): the server sends
// the page at once with a placeholder, and this fetches the part, rendered and escaped by the
// server, from this server only.
async function fillLateParts() {
  for (const part of document.querySelectorAll("[data-src]")) {
    const answer = await fetch(part.dataset.src, {credentials: "same-origin"});
    if (answer.ok) part.innerHTML = await answer.text();
    else part.textContent = "The audit could not be computed (" + answer.status + ").";
    part.removeAttribute("data-src");
  }
}

document.addEventListener("DOMContentLoaded", () => {
  completeDomains();
  applyFiltersOnChange();
  fillLateParts();
});
