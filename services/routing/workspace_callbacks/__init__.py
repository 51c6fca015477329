"""A workspace's callback_url for numbers events (seed 001's "Numbers Callbacks"): number
orders and numbers, delivered by the routing service's delivery worker."""
