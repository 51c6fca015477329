"""Call billing: authorization with reservations, rating and settlement, call records."""
