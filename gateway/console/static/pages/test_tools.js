// Test tools, on the test side only: simulate an inbound call, run the monthly renewal now,
// reset all test data.

import { api, newIdempotencyKey, state } from "../api.js";
import { button, field, formValues, h, showProblem, table } from "../dom.js";
import { can } from "../roles.js";

export async function testToolsPage(context) {
  const { main, role, render } = context;
  if (!state.testMode) {
    main.replaceChildren(
      h("h1", {}, "Test tools"),
      h("p", {}, "Test tools act on your workspace's test side. Switch to test mode to use them."),
      button("Switch to test mode", () => document.getElementById("mode-switch").click()),
    );
    return;
  }
  if (!can(role, "testTools")) {
    main.replaceChildren(h("h1", {}, "Test tools"), h("p", {}, `Your role (${role}) may not use the test tools.`));
    return;
  }
  const numbers = (await api("GET", "/v1/numbers", { query: { status: "active", limit: 100 } })).data;
  const callResult = h("div", { id: "call-result", "aria-live": "polite" });
  const call = h(
    "form",
    { "aria-label": "Simulate a call" },
    field("To (your test number)", "to", {
      type: "select",
      options: numbers.map((n) => [n.e164, n.e164]),
    }),
    field("From", "from", { type: "tel", value: "+254711000001", required: true }),
    field("Outcome", "outcome", {
      type: "select",
      options: [["completed", "completed"], ["no-answer", "no answer"], ["failed", "failed"]],
    }),
    field("Duration (seconds)", "duration_seconds", { type: "number", min: "0", value: "65" }),
    h("button", { type: "submit", disabled: numbers.length === 0 }, "Simulate call"),
    numbers.length ? null : h("p", {}, "Claim a test number first (Numbers, in test mode)."),
  );
  call.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(call);
    try {
      const result = await api("POST", "/v1/test/calls", {
        body: { ...values, duration_seconds: Number(values.duration_seconds || 0) },
        idempotencyKey: newIdempotencyKey(),
      });
      const number = numbers.find((n) => n.e164 === values.to);
      callResult.replaceChildren(
        h(
          "p",
          { "data-testid": "call-outcome" },
          result.authorized ? `Call ${result.call_id} ${result.outcome}` : `Call refused: ${result.refusal_reason}`,
          `; events: ${result.events.join(", ") || "none"}.`,
        ),
        number ? h("a", { href: `#/numbers/${number.id}` }, "See its deliveries") : "",
      );
    } catch (error) {
      showProblem(call, error);
    }
  });

  const renewals = h("div", { id: "renewals", "aria-live": "polite" });
  const renew = button("Run renewal now", async () => {
    const run = await api("POST", "/v1/test/renewals", { idempotencyKey: newIdempotencyKey() });
    renewals.replaceChildren(
      run.data.length
        ? table(
            ["Number", "Period", "Outcome", "Reason"],
            run.data.map((r) => h("tr", {}, h("td", {}, r.e164), h("td", {}, r.period), h("td", {}, r.outcome), h("td", {}, r.reason || ""))),
            { "aria-label": "Renewal run" },
          )
        : h("p", {}, `Nothing to renew for ${run.period}.`),
    );
  });

  const resetPanel = h("div");
  const reset = button("Reset test data…", () => {
    const form = h(
      "form",
      { class: "confirm", "aria-label": "Confirm test data reset" },
      h("p", {}, "Release every test number, reset the test wallet and delete test deliveries? The live side is not touched."),
      h("button", { type: "submit", class: "danger" }, "Yes, reset test data"),
      button("Cancel", () => resetPanel.replaceChildren(), { class: "secondary" }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("DELETE", "/v1/test/data");
        await render();
      } catch (error) {
        showProblem(form, error);
      }
    });
    resetPanel.replaceChildren(form);
  }, { class: "danger" });

  main.replaceChildren(
    h("h1", {}, "Test tools"),
    h("section", { "aria-labelledby": "call-h" }, h("h2", { id: "call-h" }, "Simulate a call"), call, callResult),
    h("section", { "aria-labelledby": "ren-h" }, h("h2", { id: "ren-h" }, "Renewal"), renew, renewals),
    h("section", { "aria-labelledby": "rst-h" }, h("h2", { id: "rst-h" }, "Reset"), reset, resetPanel),
  );
}
