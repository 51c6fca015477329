// Wallet: balance, ledger with a type filter, and the M-Pesa top-up followed from the STK push
// until it succeeds or fails with Daraja's reason.

import { api, newIdempotencyKey } from "../api.js";
import { field, formValues, h, money, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";

const ENTRY_TYPES = ["topup", "number_rental", "call_usage", "adjustment"];
const POLL_MS = 1000;

export async function walletPage(context) {
  const { main, role } = context;
  const balance = h("p", { class: "balance", "data-testid": "balance", "aria-live": "polite" });
  const progress = h("div", { id: "topup-progress", "aria-live": "polite" });
  const ledger = h("div", { id: "ledger" });
  let entries = [];

  async function loadBalance() {
    const wallet = await api("GET", "/v1/wallet");
    balance.textContent = money(wallet.balance_minor, wallet.currency);
  }

  const typeFilter = field("Entry type", "entry_type", {
    type: "select",
    options: [["", "all"], ...ENTRY_TYPES.map((t) => [t, t.replace("_", " ")])],
  });
  function drawLedger() {
    const only = typeFilter.querySelector("select").value;
    const shown = entries.filter((e) => !only || e.entry_type === only);
    ledger.replaceChildren(
      shown.length
        ? table(
            ["When", "Type", "Amount", "Balance after", "Reference"],
            shown.map((e) =>
              h(
                "tr",
                {},
                h("td", {}, when(e.created_at)),
                h("td", {}, e.entry_type),
                h("td", { class: e.amount_minor < 0 ? "debit" : "credit" }, money(e.amount_minor, e.currency)),
                h("td", {}, money(e.balance_after_minor, e.currency)),
                h("td", {}, e.reference || e.reason || ""),
              ),
            ),
            { "aria-label": "Ledger" },
          )
        : h("p", {}, "No entries."),
    );
  }
  typeFilter.querySelector("select").addEventListener("change", drawLedger);
  async function loadLedger() {
    entries = (await api("GET", "/v1/wallet/ledger", { query: { limit: 100 } })).data;
    drawLedger();
  }

  async function follow(topup) {
    while (true) {
      progress.replaceChildren(
        h(
          "p",
          { class: `status ${topup.status}`, "data-testid": "topup-status" },
          topup.status === "pending"
            ? `Waiting for the M-Pesa prompt on ${topup.phone} to be answered…`
            : topup.status === "succeeded"
              ? `Top-up of ${money(topup.amount_minor, topup.currency)} succeeded (receipt ${topup.mpesa_receipt_number}).`
              : `Top-up failed: ${topup.result_description || "no reason given"} (code ${topup.result_code}).`,
        ),
      );
      if (topup.status !== "pending") break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!progress.isConnected) return; // the user went to another page
      topup = await api("GET", `/v1/wallet/topups/${topup.id}`);
    }
    await Promise.all([loadBalance(), loadLedger()]);
  }

  let topupForm = null;
  if (can(role, "topup")) {
    let key = newIdempotencyKey();
    topupForm = h(
      "form",
      { "aria-label": "Top up with M-Pesa" },
      field("Amount (KES)", "amount", { type: "number", min: "1", step: "1", required: true }),
      h("p", { class: "field-error", "data-error-for": "amount_minor" }),
      field("M-Pesa phone", "phone", { type: "tel", autocomplete: "tel", required: true, placeholder: "2547XXXXXXXX" }),
      h("button", { type: "submit" }, "Send M-Pesa prompt"),
    );
    topupForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = formValues(topupForm);
      try {
        const topup = await api("POST", "/v1/wallet/topups", {
          body: { amount_minor: Math.round(Number(values.amount) * 100), phone: values.phone },
          idempotencyKey: key,
        });
        key = newIdempotencyKey();
        await follow(topup);
      } catch (error) {
        showProblem(topupForm, error);
      }
    });
  }

  await Promise.all([loadBalance(), loadLedger()]);
  main.replaceChildren(
    h("h1", {}, "Wallet"),
    h("section", { "aria-labelledby": "bal-h" }, h("h2", { id: "bal-h" }, "Balance"), balance),
    topupForm
      ? h("section", { "aria-labelledby": "top-h" }, h("h2", { id: "top-h" }, "Top up"), topupForm, progress)
      : "",
    h("section", { "aria-labelledby": "led-h" }, h("h2", { id: "led-h" }, "Ledger"), typeFilter, ledger),
  );
}
