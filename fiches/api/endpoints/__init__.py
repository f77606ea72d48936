"""The endpoints of the public API, one module per kind of resource."""
