// A number's SIP credentials: create and rotate (the password shown once, with a copy button
// and a warning), revoke. Lists never carry a secret.

import { api, newIdempotencyKey } from "../api.js";
import { button, field, formValues, h, secretOnce, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";

export async function credentialsSection(context, number) {
  const editable = can(context.role, "credentials");
  const shown = h("div", { id: "credential-secret" });
  const list = h("div", { id: "credentials" });
  const base = `/v1/numbers/${number.id}/sip-credentials`;

  function reveal(credential) {
    shown.replaceChildren(secretOnce(`Password of ${credential.username}`, credential.password));
  }

  async function load() {
    const page = await api("GET", base);
    list.replaceChildren(
      page.data.length
        ? table(
            ["Username", "Label", "Status", "Created", "Rotated", ""],
            page.data.map((c) =>
              h(
                "tr",
                { "data-credential": c.id },
                h("td", {}, h("code", {}, c.username)),
                h("td", {}, c.label || "—"),
                h("td", {}, c.status),
                h("td", {}, when(c.created_at)),
                h("td", {}, when(c.rotated_at)),
                h(
                  "td",
                  {},
                  editable && c.status !== "revoked"
                    ? [
                        button("Rotate", async () => {
                          reveal(await api("POST", `${base}/${c.id}/rotate`, { body: {}, idempotencyKey: newIdempotencyKey() }));
                          await load();
                        }, { class: "secondary" }),
                        " ",
                        button("Revoke", async (event) => {
                          if (!window.confirm(`Revoke ${c.username}? Phones using it stop registering.`)) return;
                          event.target.disabled = true;
                          await api("DELETE", `${base}/${c.id}`);
                          await load();
                        }, { class: "danger" }),
                      ]
                    : "",
                ),
              ),
            ),
            { "aria-label": "SIP credentials" },
          )
        : h("p", {}, "No SIP credentials yet."),
    );
  }

  let create = null;
  if (editable) {
    create = h(
      "form",
      { "aria-label": "New SIP credential", class: "inline" },
      field("Label (optional)", "label"),
      h("button", { type: "submit" }, "Create credential"),
    );
    create.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { label } = formValues(create);
      try {
        reveal(await api("POST", base, { body: label ? { label } : {}, idempotencyKey: newIdempotencyKey() }));
        create.reset();
        await load();
      } catch (error) {
        showProblem(create, error);
      }
    });
  }
  await load();
  return h(
    "section",
    { "aria-labelledby": "creds-h" },
    h("h2", { id: "creds-h" }, "SIP credentials"),
    create,
    shown,
    list,
  );
}
