"""The OpenAPI 3 document of the public API: its schemas, its parameters and the document
built from them."""
