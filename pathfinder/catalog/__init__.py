"""Everything that turns catalog files into a valid ``Catalog``: the YAML reader, the file
schemas, the loader and its cache, the networkx view of the graph, lint and JSON Schemas.

Kept empty on purpose: a warm start reads only the cache, and importing this package must not
pull in PyYAML or pydantic."""
