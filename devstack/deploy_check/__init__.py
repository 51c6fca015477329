"""`make deploy-check`: renders the Kubernetes overlays and checks them offline (schemas, and the
platform's own rules: every part deployed, probed, fenced, and given every setting it needs)."""
