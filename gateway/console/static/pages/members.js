// Members of the workspace, and (owners) invitations, role changes and removal.

import { api, newIdempotencyKey } from "../api.js";
import { button, field, formValues, h, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";

const ROLES = ["owner", "developer", "billing", "viewer"];

export async function membersPage(context) {
  const { main, role, render } = context;
  const owner = can(role, "members");
  const page = await api("GET", "/v1/members");
  const errors = h("form", { "aria-label": "Member changes" });
  const rows = page.data.map((m) => {
    const select = h(
      "select",
      { "aria-label": `Role of ${m.email}`, disabled: !owner },
      ROLES.map((r) => h("option", { value: r, selected: r === m.role }, r)),
    );
    select.addEventListener("change", async () => {
      try {
        await api("PATCH", `/v1/members/${m.user_id}`, { body: { role: select.value } });
        await render();
      } catch (error) {
        showProblem(errors, error);
      }
    });
    return h(
      "tr",
      {},
      h("td", {}, m.email),
      h("td", {}, owner ? select : m.role),
      h("td", {}, when(m.created_at || m.joined_at)),
      h(
        "td",
        {},
        owner
          ? button("Remove", async () => {
              if (!window.confirm(`Remove ${m.email} from this workspace?`)) return;
              try {
                await api("DELETE", `/v1/members/${m.user_id}`);
                await render();
              } catch (error) {
                showProblem(errors, error);
              }
            }, { class: "danger" })
          : "",
      ),
    );
  });
  let invite = null;
  if (owner) {
    invite = h(
      "form",
      { "aria-label": "Invite a member", class: "inline" },
      field("Email", "email", { type: "email", required: true }),
      field("Role", "role", { type: "select", options: ROLES.map((r) => [r, r]), value: "developer" }),
      h("button", { type: "submit" }, "Send invitation"),
      h("p", { role: "status", class: "saved" }),
    );
    invite.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("POST", "/v1/invitations", { body: formValues(invite), idempotencyKey: newIdempotencyKey() });
        invite.reset();
        invite.querySelector(".saved").textContent = "Invitation sent.";
      } catch (error) {
        showProblem(invite, error);
      }
    });
  }
  main.replaceChildren(
    h("h1", {}, "Members"),
    errors,
    table(["Email", "Role", "Joined", ""], rows, { "aria-label": "Members" }),
    invite ? h("section", { "aria-labelledby": "inv-h" }, h("h2", { id: "inv-h" }, "Invite"), invite) : "",
  );
}
