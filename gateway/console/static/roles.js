// What each role may do, as the server enforces it (README "Console" table). The console only
// hides what the server would refuse; the server is the one that decides.

const ACTIONS = {
  owner: ["numbers", "routing", "credentials", "topup", "apiKeys", "testTools", "webhookSecret", "members"],
  developer: ["numbers", "routing", "credentials", "topup", "apiKeys", "testTools"],
  billing: ["topup"],
  viewer: [],
};

export function can(role, action) {
  return (ACTIONS[role] || []).includes(action);
}
