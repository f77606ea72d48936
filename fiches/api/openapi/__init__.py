"""The OpenAPI 3 document of the public API: schemas, parameters and the document built from them."""
