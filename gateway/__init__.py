"""Public HTTP /v1 gateway: authenticates API keys, validates requests, calls the services over
gRPC and maps their errors to RFC 9457 problems. Also serves the operator-only workspace admin
gRPC API. It holds no business rules."""
