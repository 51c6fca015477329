"""Test mode in the wallet service: the sandbox wallet's reset."""
