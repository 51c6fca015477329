// The console shell: session, header (workspace, live/test switch, navigation) and hash routes.

import { adoptSession, api, currentRole, forgetSession, setTestMode, setWorkspace, state } from "./api.js";
import { h } from "./dom.js";
import { authPages } from "./pages/auth.js";
import { keysPage } from "./pages/keys.js";
import { membersPage } from "./pages/members.js";
import { numberDetailPage, numbersPage } from "./pages/numbers.js";
import { testToolsPage } from "./pages/test_tools.js";
import { walletPage } from "./pages/wallet.js";

const root = document.getElementById("app");

const NAV = [
  ["#/numbers", "Numbers"],
  ["#/wallet", "Wallet"],
  ["#/keys", "API keys"],
  ["#/members", "Members"],
  ["#/test", "Test tools"],
];

function route() {
  const hash = window.location.hash || "#/numbers";
  const [path, query = ""] = hash.slice(1).split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(query) };
}

// After a change of workspace or mode a detail page would name an object of the other side:
// show its list instead.
function reloadSide() {
  const { parts } = route();
  if (parts.length > 1) go(`#/${parts[0]}`);
  else render();
}

export function go(hash) {
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

async function loadSession() {
  try {
    adoptSession(await api("GET", "/v1/sessions/current"));
  } catch {
    forgetSession();
  }
}

async function signOut() {
  try {
    await api("DELETE", "/v1/sessions/current");
  } finally {
    forgetSession();
    go("#/signin");
  }
}

function header(active) {
  const workspaceSelect = h(
    "select",
    {
      id: "workspace",
      onchange: (event) => {
        setWorkspace(event.target.value);
        reloadSide();
      },
    },
    state.workspaces.map((w) =>
      h("option", { value: w.id, selected: w.id === state.workspaceId }, `${w.name} (${w.role})`),
    ),
  );
  const modeSwitch = h("input", {
    type: "checkbox",
    id: "mode-switch",
    role: "switch",
    checked: state.testMode,
    "aria-checked": String(state.testMode),
    onchange: (event) => {
      setTestMode(event.target.checked);
      reloadSide();
    },
  });
  return h(
    "header",
    { class: state.testMode ? "top test" : "top" },
    h("a", { class: "brand", href: "#/numbers" }, "Sautikit"),
    h(
      "div",
      { class: "controls" },
      h("label", { for: "workspace", class: "visually-hidden" }, "Workspace"),
      workspaceSelect,
      h(
        "div",
        { class: "mode" },
        modeSwitch,
        h("label", { for: "mode-switch" }, "Test mode"),
        h("span", { class: "mode-badge", "data-testid": "mode-badge" }, state.testMode ? "TEST" : "LIVE"),
      ),
      h("span", { class: "who" }, state.user ? state.user.email : ""),
      h("button", { type: "button", class: "secondary", onclick: signOut }, "Sign out"),
    ),
    h(
      "nav",
      { "aria-label": "Main" },
      h(
        "ul",
        {},
        NAV.map(([href, text]) =>
          h("li", {}, h("a", { href, "aria-current": href === active ? "page" : undefined }, text)),
        ),
      ),
    ),
  );
}

async function render() {
  const { parts, params } = route();
  const [first, second] = parts;
  if (authPages[first]) {
    root.replaceChildren(authPages[first]({ params, onSignedIn, go }));
    focusHeading();
    return;
  }
  if (!state.user) await loadSession();
  if (!state.user) {
    go("#/signin");
    return;
  }
  const role = currentRole();
  const main = h("main", { id: "main", tabindex: "-1" });
  const active = `#/${first || "numbers"}`;
  root.replaceChildren(
    h("a", { class: "skip", href: "#main", onclick: (e) => (e.preventDefault(), main.focus()) }, "Skip to content"),
    header(active),
    main,
  );
  const context = { role, params, go, main, render };
  const page = {
    numbers: () => (second ? numberDetailPage(context, second) : numbersPage(context)),
    wallet: () => walletPage(context),
    keys: () => keysPage(context),
    members: () => membersPage(context),
    test: () => testToolsPage(context),
  }[first || "numbers"];
  main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  if (!page) {
    main.replaceChildren(h("h1", {}, "Not found"));
    return;
  }
  try {
    await page();
  } catch (error) {
    main.replaceChildren(
      h("h1", {}, "Something went wrong"),
      h("p", { class: "form-error", role: "alert" }, error.message || String(error)),
    );
  }
  focusHeading();
}

function focusHeading() {
  const heading = root.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }
}

function onSignedIn(session) {
  adoptSession(session);
  go("#/numbers");
}

window.addEventListener("hashchange", render);
render();
