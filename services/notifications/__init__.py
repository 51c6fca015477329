"""Customer emails: one place that turns platform events into emails and sends them over SMTP."""
