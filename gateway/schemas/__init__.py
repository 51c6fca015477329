"""Request and response models of the public API, per resource."""
