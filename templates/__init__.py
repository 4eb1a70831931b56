"""The page templates, shipped inside the package as ``generator.templates`` (see ``pyproject.toml``).

Data, not code: this file only makes the folder a package that an installed
wheel and an editable install both find, through :mod:`importlib.resources`
(:data:`generator.pages.templating.TEMPLATES_DIR`).
"""
