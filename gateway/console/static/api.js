// The console's only way to the platform: the public /v1 API, with the session cookie, the
// CSRF token kept in memory, the chosen workspace and the live/test switch as headers.

export const state = {
  csrfToken: null,
  user: null,
  workspaces: [],
  workspaceId: null,
  testMode: sessionStorage.getItem("sautikit-mode") === "test",
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function api(method, path, { body, query, idempotencyKey } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (UNSAFE.has(method) && state.csrfToken) headers["X-CSRF-Token"] = state.csrfToken;
  if (state.workspaceId) headers["X-Organization-Id"] = state.workspaceId;
  if (state.testMode) headers["Sautikit-Mode"] = "test";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  const reply = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await reply.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text };
    }
  }
  if (!reply.ok) throw new ApiError(reply.status, data);
  return data;
}

export function adoptSession(session) {
  state.csrfToken = session.csrf_token;
  state.user = session.user;
  state.workspaces = session.workspaces || [];
  const remembered = sessionStorage.getItem("sautikit-workspace");
  const known = state.workspaces.find((w) => w.id === (state.workspaceId || remembered));
  state.workspaceId = known ? known.id : state.workspaces.length ? state.workspaces[0].id : null;
}

export function forgetSession() {
  state.csrfToken = null;
  state.user = null;
  state.workspaces = [];
  state.workspaceId = null;
}

export function currentRole() {
  const workspace = state.workspaces.find((w) => w.id === state.workspaceId);
  return workspace ? workspace.role : "viewer";
}

export function setWorkspace(id) {
  state.workspaceId = id;
  sessionStorage.setItem("sautikit-workspace", id);
}

export function setTestMode(on) {
  state.testMode = on;
  sessionStorage.setItem("sautikit-mode", on ? "test" : "live");
}

// randomUUID exists only in secure contexts; a console opened over plain http elsewhere than
// localhost still needs keys, so fall back to 16 random bytes.
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
