"""Test mode in the routing service: simulated calls (the routing service plays the voice
platform for one call) and the sandbox purge."""
