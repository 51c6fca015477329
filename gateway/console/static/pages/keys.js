// API keys (create live or test, the key shown once; list by prefix and last use; revoke) and
// the workspace's webhook signing secret rotation.

import { api, newIdempotencyKey } from "../api.js";
import { button, field, formValues, h, secretOnce, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";

export async function keysPage(context) {
  const { main, role } = context;
  const editable = can(role, "apiKeys");
  const shown = h("div", { id: "key-secret" });
  const list = h("div", { id: "api-keys" });

  async function load() {
    const page = await api("GET", "/v1/api-keys", { query: { limit: 100 } });
    list.replaceChildren(
      page.data.length
        ? table(
            ["Prefix", "Mode", "Name", "Created", "Last used", ""],
            page.data.map((k) =>
              h(
                "tr",
                { "data-key": k.id, "data-prefix": k.prefix },
                h("td", {}, h("code", {}, `${k.prefix}…`)),
                h("td", {}, k.mode),
                h("td", {}, k.name || "—"),
                h("td", {}, when(k.created_at)),
                h("td", {}, when(k.last_used_at)),
                h(
                  "td",
                  {},
                  editable
                    ? button(`Revoke`, async (event) => {
                        if (!window.confirm(`Revoke ${k.prefix}…? Programs using it stop working at once.`)) return;
                        event.target.disabled = true;
                        await api("DELETE", `/v1/api-keys/${k.id}`);
                        await load();
                      }, { class: "danger", "aria-label": `Revoke ${k.prefix}` })
                    : "",
                ),
              ),
            ),
            { "aria-label": "API keys" },
          )
        : h("p", {}, "No API keys."),
    );
  }

  let create = null;
  if (editable) {
    create = h(
      "form",
      { "aria-label": "New API key", class: "inline" },
      field("Mode", "mode", { type: "select", options: [["live", "live"], ["test", "test"]] }),
      field("Name (optional)", "name"),
      h("button", { type: "submit" }, "Create key"),
    );
    create.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { mode, name } = formValues(create);
      try {
        const key = await api("POST", "/v1/api-keys", {
          body: name ? { mode, name } : { mode },
          idempotencyKey: newIdempotencyKey(),
        });
        shown.replaceChildren(secretOnce(`API key ${key.prefix}…`, key.key));
        create.reset();
        await load();
      } catch (error) {
        showProblem(create, error);
      }
    });
  }
  await load();

  const sections = [
    h("h1", {}, "API keys"),
    h("section", { "aria-labelledby": "keys-h" }, h("h2", { id: "keys-h" }, "Keys"), create, shown, list),
  ];
  if (can(role, "webhookSecret")) sections.push(webhookSecretSection());
  main.replaceChildren(...sections);
}

function webhookSecretSection() {
  const shown = h("div", { id: "webhook-secret" });
  const panel = h("div");
  const ask = button("Rotate webhook secret…", () => {
    const form = h(
      "form",
      { class: "confirm", "aria-label": "Confirm webhook secret rotation" },
      h("p", {}, "A new signing secret is made now; the old one keeps verifying for a while so your receivers can switch."),
      h("button", { type: "submit" }, "Rotate now"),
      button("Cancel", () => panel.replaceChildren(), { class: "secondary" }),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const rotated = await api("POST", "/v1/webhook-secret/rotate", { idempotencyKey: newIdempotencyKey() });
        panel.replaceChildren(
          rotated.previous_valid_until ? h("p", {}, `The previous secret verifies until ${when(rotated.previous_valid_until)}.`) : "",
        );
        shown.replaceChildren(secretOnce("Webhook signing secret", rotated.secret));
      } catch (error) {
        showProblem(form, error);
      }
    });
    panel.replaceChildren(form);
    form.querySelector("button[type=submit]").focus();
  });
  return h(
    "section",
    { "aria-labelledby": "whs-h" },
    h("h2", { id: "whs-h" }, "Webhook signing secret"),
    ask,
    panel,
    shown,
  );
}
