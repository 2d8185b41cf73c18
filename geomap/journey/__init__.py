"""Stage 4, the journey: movement events read off the parse (``events``), with the
movement frames kept as data (``frames.toml``, read by ``frames``), ordered into stops
(``order``) and assembled into a route by ``geomap.route``."""
