// Numbers: search the pool (the API's filters), claim with the price shown first, the
// workspace's list, and one number's detail (settings, routing, deliveries, SIP credentials,
// release).

import { api, newIdempotencyKey } from "../api.js";
import { button, clearErrors, field, formValues, h, money, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";
import { credentialsSection } from "./credentials.js";
import { routingSection } from "./routing.js";

const SEARCH_FILTERS = ["capability", "number_type", "starts_with", "contains", "ends_with"];

export async function numbersPage(context) {
  const { main, role, go } = context;
  const results = h("div", { id: "search-results" });
  const claimPanel = h("div", { id: "claim-panel" });
  const searchForm = h(
    "form",
    { class: "filters", "aria-label": "Search numbers" },
    field("Capability", "capability", {
      type: "select",
      options: [["", "any"], ["voice", "voice"], ["sms", "sms"]],
    }),
    field("Type", "number_type", {
      type: "select",
      options: [["", "any"], ["mobile", "mobile"], ["fixed_line", "fixed line"], ["toll_free", "toll free"]],
    }),
    field("Starts with", "starts_with", { inputmode: "numeric" }),
    field("Contains", "contains", { inputmode: "numeric" }),
    field("Ends with", "ends_with", { inputmode: "numeric" }),
    h("button", { type: "submit" }, "Search"),
  );

  function askClaim(number) {
    const key = newIdempotencyKey(); // one claim however often Confirm is pressed
    const form = h(
      "form",
      { class: "confirm", "aria-label": "Confirm claim" },
      h(
        "p",
        { "data-testid": "claim-price" },
        `Claim ${number.e164} for ${money(number.monthly_price_minor, number.currency)} a month? `,
        "The first month is charged from your wallet now.",
      ),
      h("button", { type: "submit" }, "Confirm claim"),
      button("Cancel", () => claimPanel.replaceChildren(), { class: "secondary" }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const claimed = await api("POST", `/v1/numbers/${number.id}/claim`, { idempotencyKey: key });
        go(`#/numbers/${claimed.id}`);
      } catch (error) {
        showProblem(form, error);
      }
    });
    claimPanel.replaceChildren(form);
    form.querySelector("button[type=submit]").focus();
  }

  searchForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(searchForm);
    const query = { limit: 20 };
    for (const name of SEARCH_FILTERS) if (values[name]) query[name] = values[name];
    try {
      const page = await api("GET", "/v1/numbers/available", { query });
      clearErrors(searchForm);
      results.replaceChildren(
        page.data.length
          ? table(
              ["Number", "Type", "Capabilities", "Monthly", "Per minute in/out", ""],
              page.data.map((n) =>
                h(
                  "tr",
                  { "data-e164": n.e164 },
                  h("td", {}, n.e164),
                  h("td", {}, n.number_type),
                  h("td", {}, n.capabilities.join(", ")),
                  h("td", {}, money(n.monthly_price_minor, n.currency)),
                  h("td", {}, `${money(n.inbound_per_min_minor, n.currency)} / ${money(n.outbound_per_min_minor, n.currency)}`),
                  h("td", {}, can(role, "numbers") ? button("Claim…", () => askClaim(n)) : ""),
                ),
              ),
              { "aria-label": "Available numbers" },
            )
          : h("p", {}, "No number matches these filters."),
      );
    } catch (error) {
      showProblem(searchForm, error);
    }
  });

  const statusFilter = field("Status", "status", {
    type: "select",
    options: [["", "any"], ["active", "active"], ["suspended", "suspended"], ["released", "released"]],
  });
  const mine = h("div", { id: "my-numbers" });
  async function loadMine() {
    const status = statusFilter.querySelector("select").value;
    const page = await api("GET", "/v1/numbers", { query: { status, limit: 100 } });
    mine.replaceChildren(
      page.data.length
        ? table(
            ["Number", "Status", "Monthly", "Claimed", "Next renewal"],
            page.data.map((n) =>
              h(
                "tr",
                {},
                h("td", {}, h("a", { href: `#/numbers/${n.id}` }, n.e164)),
                h("td", {}, h("span", { class: `status ${n.status}` }, n.status)),
                h("td", {}, money(n.monthly_price_minor, n.currency)),
                h("td", {}, when(n.claimed_at)),
                h("td", {}, when(n.next_renewal_at)),
              ),
            ),
            { "aria-label": "Your numbers" },
          )
        : h("p", {}, "No numbers yet."),
    );
  }
  statusFilter.querySelector("select").addEventListener("change", loadMine);
  await loadMine();

  main.replaceChildren(
    h("h1", {}, "Numbers"),
    h("section", { "aria-labelledby": "mine-h" }, h("h2", { id: "mine-h" }, "Your numbers"), statusFilter, mine),
    h(
      "section",
      { "aria-labelledby": "search-h" },
      h("h2", { id: "search-h" }, "Find a number"),
      searchForm,
      claimPanel,
      results,
    ),
  );
}

export async function numberDetailPage(context, id) {
  const { main, role, go } = context;
  const number = await api("GET", `/v1/numbers/${encodeURIComponent(id)}`);
  const released = number.status === "released";
  const sections = [
    h("p", {}, h("a", { href: "#/numbers" }, "← All numbers")),
    h("h1", {}, number.e164),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Status"),
      h("dd", { "data-testid": "number-status" }, number.status),
      h("dt", {}, "Monthly"),
      h("dd", {}, money(number.monthly_price_minor, number.currency)),
      h("dt", {}, "Capabilities"),
      h("dd", {}, number.capabilities.join(", ")),
      h("dt", {}, "Claimed"),
      h("dd", {}, when(number.claimed_at)),
      h("dt", {}, "Next renewal"),
      h("dd", {}, when(number.next_renewal_at)),
      number.trial_until ? [h("dt", {}, "Trial until"), h("dd", {}, when(number.trial_until))] : null,
      number.suspended_reason ? [h("dt", {}, "Suspended"), h("dd", {}, number.suspended_reason)] : null,
    ),
  ];
  if (!released) {
    sections.push(settingsSection(context, number));
    sections.push(await routingSection(context, number));
    sections.push(await credentialsSection(context, number));
    if (can(role, "numbers")) sections.push(releaseSection(number, go));
  }
  main.replaceChildren(...sections);
}

function settingsSection(context, number) {
  const editable = can(context.role, "numbers");
  const box = (label, name, checked) =>
    h(
      "div",
      { class: "check" },
      h("input", { type: "checkbox", id: `set-${name}`, name, checked, disabled: !editable }),
      h("label", { for: `set-${name}` }, label),
      h("p", { class: "field-error", "data-error-for": name }),
    );
  const form = h(
    "form",
    { "aria-label": "Settings" },
    box("Allow inbound calls", "allow_inbound", number.allow_inbound),
    box("Allow outbound calls", "allow_outbound", number.allow_outbound),
    box("Disabled (calls refused, billing continues)", "disabled", number.disabled),
    h("p", { class: "field-error", "data-error-for": "status" }),
    editable ? h("button", { type: "submit" }, "Save settings") : null,
    h("p", { role: "status", class: "saved" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const checked = (name) => form.querySelector(`[name=${name}]`).checked;
    try {
      await api("PATCH", `/v1/numbers/${number.id}`, {
        body: {
          allow_inbound: checked("allow_inbound"),
          allow_outbound: checked("allow_outbound"),
          status: checked("disabled") ? "disabled" : "active",
        },
      });
      form.querySelector(".saved").textContent = "Saved.";
    } catch (error) {
      showProblem(form, error);
    }
  });
  return h("section", { "aria-labelledby": "settings-h" }, h("h2", { id: "settings-h" }, "Settings"), form);
}

function releaseSection(number, go) {
  const panel = h("div");
  const ask = button("Release this number…", () => {
    const form = h(
      "form",
      { class: "confirm danger-zone", "aria-label": "Confirm release" },
      h("p", {}, `Release ${number.e164}? Calls stop, its SIP credentials are revoked and it goes back to the pool. This cannot be undone.`),
      h("button", { type: "submit", class: "danger" }, "Yes, release it"),
      button("Cancel", () => panel.replaceChildren(), { class: "secondary" }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("DELETE", `/v1/numbers/${number.id}`);
        go(`#/numbers/${number.id}`);
      } catch (error) {
        showProblem(form, error);
      }
    });
    panel.replaceChildren(form);
    form.querySelector("button[type=submit]").focus();
  }, { class: "danger" });
  return h("section", { "aria-labelledby": "release-h" }, h("h2", { id: "release-h" }, "Release"), ask, panel);
}
