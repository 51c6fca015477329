// Tiny DOM helpers: elements and text nodes only, so API data is never parsed as markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, "");
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let fieldCounter = 0;

// A labelled input with a slot for the API's message about this field (errors[].field).
export function field(label, name, attrs = {}) {
  const id = `f-${name.replace(/[^a-z0-9_-]/gi, "-")}-${++fieldCounter}`;
  const errorId = `${id}-error`;
  const control =
    attrs.type === "select"
      ? h(
          "select",
          { id, name, "aria-describedby": errorId },
          (attrs.options || []).map(([value, text]) =>
            h("option", { value, selected: value === attrs.value }, text),
          ),
        )
      : h("input", { id, name, "aria-describedby": errorId, ...attrs, options: undefined });
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    h("p", { class: "field-error", id: errorId, "data-error-for": name, role: "status" }),
  );
}

export function button(text, onClick, attrs = {}) {
  return h("button", { type: "button", onclick: onClick, ...attrs }, text);
}

export function money(minor, currency = "KES") {
  const value = (Number(minor) / 100).toLocaleString("en-KE", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  return `${currency} ${value}`;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString("en-GB", { timeZone: "Africa/Nairobi" }) : "—";
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const general = form.querySelector(".form-error");
  if (general) general.textContent = "";
}

// Shows a problem: each errors[] entry next to its field, the detail otherwise.
export function showProblem(form, error) {
  clearErrors(form);
  const problem = error && error.problem;
  let placed = false;
  for (const item of (problem && problem.errors) || []) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(item.field)}"]`);
    if (slot) {
      slot.textContent = problem.errors.length === 1 ? problem.detail : item.message;
      const input = form.querySelector(`[name="${CSS.escape(item.field)}"]`);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
      placed = true;
    }
  }
  if (!placed) {
    let general = form.querySelector(".form-error");
    if (!general) {
      general = h("p", { class: "form-error", role: "alert" });
      form.prepend(general);
    }
    general.textContent = problem ? problem.detail : String(error && error.message ? error.message : error);
  }
}

export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form).entries()) values[key] = value;
  return values;
}

export function copyButton(text) {
  return button("Copy", async (event) => {
    await navigator.clipboard.writeText(text).catch(() => {});
    event.target.textContent = "Copied";
  }, { class: "secondary" });
}

// A secret shown once: the value, a copy button and the warning that it will not come back.
export function secretOnce(label, value) {
  return h(
    "div",
    { class: "secret", role: "alert", "data-testid": "secret-once" },
    h("p", { class: "warning" }, `${label}: shown only now. Copy it and store it safely; it cannot be shown again.`),
    h("code", { class: "secret-value" }, value),
    copyButton(value),
  );
}

export function table(headers, rows, attrs = {}) {
  // Each cell carries its column's name: at phone width rows are drawn as stacked cards.
  for (const row of rows) {
    Array.from(row.children).forEach((cell, i) => {
      if (headers[i]) cell.setAttribute("data-label", headers[i]);
    });
  }
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      attrs,
      h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows),
    ),
  );
}
