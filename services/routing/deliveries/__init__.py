"""Signed delivery of call events to each number's events_url (Standard Webhooks), with
retries, an attempt log, the workspace's signing secret, and connection-time SSRF checks."""
