"""Guidelines as code: validate principles/ and generate the site and JSON export."""

__version__ = "0.1.0"
