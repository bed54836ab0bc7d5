"""Publishing: building the HTML and PDF editions, the Sphinx and myst-nb extensions, JupyterLab,
and re-executing notebooks. Imports the content and the dataset; nothing imports it."""
