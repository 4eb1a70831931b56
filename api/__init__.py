"""The OpenAPI description of the JSON API, shipped inside the package as ``generator.openapi``.

Data, not code: this file only makes the folder a package that an installed
wheel and an editable install both find, through :mod:`importlib.resources`
(:data:`generator.outputs.api.OPENAPI_SOURCE`).
"""
