"""Number orders: the KYC path beside the instant claim (requirements, hold, registration,
documents, review, approval through the claim saga)."""
