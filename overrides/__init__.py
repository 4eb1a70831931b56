"""The theme overrides, shipped inside the package as ``generator.overrides`` (see ``pyproject.toml``).

Data, not code: this file only makes the folder a package that an installed
wheel and an editable install both find, through :mod:`importlib.resources`.
The ``rollups`` plugin puts the folder among the theme's folders itself, so a
site project's ``mkdocs.yml`` needs no ``custom_dir`` (MkDocs copies no
``.py`` file of a theme folder into the site).
"""
