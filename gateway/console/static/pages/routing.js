// A number's routing (both URLs, the API's validation messages next to each) and its recent
// call-event deliveries with status, latency and response excerpt, and redelivery.

import { api, newIdempotencyKey } from "../api.js";
import { button, field, h, showProblem, table, when } from "../dom.js";
import { can } from "../roles.js";

export async function routingSection(context, number) {
  const editable = can(context.role, "routing");
  let routing = { voice_callback_url: number.voice_callback_url, events_url: number.events_url };
  try {
    routing = await api("GET", `/v1/numbers/${number.id}/routing`);
  } catch {
    // a number just claimed may not have reached routing yet: the number's own view stands
  }
  const url = (label, name) =>
    field(label, name, {
      type: "url",
      value: routing[name] || "",
      placeholder: "https://example.com/…",
      readonly: !editable,
    });
  const form = h(
    "form",
    { "aria-label": "Routing" },
    url("Voice callback URL", "voice_callback_url"),
    url("Events URL (signed call events)", "events_url"),
    editable ? h("button", { type: "submit" }, "Save routing") : null,
    h("p", { role: "status", class: "saved" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`[name=${name}]`).value.trim() || null;
    try {
      await api("PATCH", `/v1/numbers/${number.id}/routing`, {
        body: { voice_callback_url: value("voice_callback_url"), events_url: value("events_url") },
      });
      form.querySelector(".saved").textContent = "Routing saved.";
    } catch (error) {
      showProblem(form, error);
    }
  });
  const deliveries = h("div", { id: "deliveries" });
  async function loadDeliveries() {
    const page = await api("GET", `/v1/numbers/${number.id}/deliveries`, { query: { limit: 20 } });
    deliveries.replaceChildren(
      page.data.length
        ? table(
            ["Event", "Status", "Attempts", "Latency", "Response", "Created", ""],
            page.data.map((d) => {
              const last = d.attempts.length ? d.attempts[d.attempts.length - 1] : null;
              return h(
                "tr",
                { "data-delivery": d.id },
                h("td", {}, d.event_type),
                h("td", {}, h("span", { class: `status ${d.status}` }, d.status)),
                h("td", {}, d.attempt_count),
                h("td", {}, last ? `${last.latency_ms} ms` : "—"),
                h("td", { class: "excerpt" }, last ? `${last.status_code ?? last.error ?? ""} ${last.response_excerpt || ""}` : "—"),
                h("td", {}, when(d.created_at)),
                h(
                  "td",
                  {},
                  editable && d.status !== "skipped"
                    ? button("Redeliver", async (event) => {
                        event.target.disabled = true;
                        await api("POST", `/v1/deliveries/${d.id}/redeliver`, {
                          idempotencyKey: newIdempotencyKey(),
                        });
                        await loadDeliveries();
                      }, { class: "secondary" })
                    : "",
                ),
              );
            }),
            { "aria-label": "Recent deliveries" },
          )
        : h("p", {}, "No call events delivered yet."),
    );
  }
  await loadDeliveries();
  return h(
    "section",
    { "aria-labelledby": "routing-h" },
    h("h2", { id: "routing-h" }, "Routing"),
    form,
    h("h3", {}, "Recent deliveries ", button("Refresh", loadDeliveries, { class: "secondary small" })),
    deliveries,
  );
}
