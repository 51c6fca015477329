// Sign in, sign up, password reset and invitation acceptance: the pages seen before a session.

import { api } from "../api.js";
import { field, formValues, h, showProblem } from "../dom.js";

function card(title, form, ...links) {
  return h(
    "main",
    { id: "main", class: "auth" },
    h("h1", {}, title),
    form,
    h("p", { class: "links" }, links),
  );
}

function submitting(form, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      await action(formValues(form));
    } catch (error) {
      showProblem(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function signIn({ onSignedIn }) {
  const form = submitting(
    h(
      "form",
      { "aria-label": "Sign in" },
      field("Email", "email", { type: "email", autocomplete: "username", required: true }),
      field("Password", "password", { type: "password", autocomplete: "current-password", required: true }),
      h("button", { type: "submit" }, "Sign in"),
    ),
    async (values) => onSignedIn(await api("POST", "/v1/sessions", { body: values })),
  );
  return card("Sign in", form, h("a", { href: "#/signup" }, "Create an account"), " · ", h("a", { href: "#/forgot" }, "Forgot your password?"));
}

function signUp({ onSignedIn }) {
  const form = submitting(
    h(
      "form",
      { "aria-label": "Sign up" },
      field("Email", "email", { type: "email", autocomplete: "username", required: true }),
      field("Password (12 to 128 characters)", "password", {
        type: "password",
        autocomplete: "new-password",
        required: true,
      }),
      field("Workspace name", "workspace_name", { required: true }),
      h("button", { type: "submit" }, "Create account"),
    ),
    async (values) => onSignedIn(await api("POST", "/v1/users", { body: values })),
  );
  return card("Create your account", form, h("a", { href: "#/signin" }, "I already have an account"));
}

function forgot() {
  const done = h("p", { role: "status" });
  const form = submitting(
    h(
      "form",
      { "aria-label": "Reset password" },
      field("Email", "email", { type: "email", autocomplete: "username", required: true }),
      h("button", { type: "submit" }, "Email me a reset link"),
      done,
    ),
    async (values) => {
      await api("POST", "/v1/password-resets", { body: values });
      done.textContent = "If an account uses this email, a reset link is on its way. It works once, for an hour.";
    },
  );
  return card("Reset your password", form, h("a", { href: "#/signin" }, "Back to sign in"));
}

function reset({ params, go }) {
  const form = submitting(
    h(
      "form",
      { "aria-label": "Choose a new password" },
      h("input", { type: "hidden", name: "token", value: params.get("token") || "" }),
      h("p", { class: "field-error", "data-error-for": "token" }),
      field("New password (12 to 128 characters)", "password", {
        type: "password",
        autocomplete: "new-password",
        required: true,
      }),
      h("button", { type: "submit" }, "Set password"),
    ),
    async (values) => {
      await api("POST", "/v1/password-resets/confirm", { body: values });
      go("#/signin");
    },
  );
  return card("Choose a new password", form, h("a", { href: "#/signin" }, "Back to sign in"));
}

function accept({ params, onSignedIn }) {
  const form = submitting(
    h(
      "form",
      { "aria-label": "Accept invitation" },
      h("input", { type: "hidden", name: "token", value: params.get("token") || "" }),
      h("p", { class: "field-error", "data-error-for": "token" }),
      field("Password (new accounts only, 12 to 128 characters)", "password", {
        type: "password",
        autocomplete: "new-password",
      }),
      h("button", { type: "submit" }, "Join the workspace"),
    ),
    async (values) => {
      const body = { token: values.token };
      if (values.password) body.password = values.password;
      onSignedIn(await api("POST", "/v1/invitations/accept", { body }));
    },
  );
  return card("Accept your invitation", form, h("a", { href: "#/signin" }, "Sign in instead"));
}

export const authPages = { signin: signIn, signup: signUp, forgot, reset, accept };
