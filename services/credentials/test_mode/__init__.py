"""Test mode in the credentials service: the sandbox purge."""
