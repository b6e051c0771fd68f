"""ybbulletin: publish 医保 information bulletins as a website, a print PDF and a Word file."""

__version__ = "0.1.0"

__all__ = ["__version__"]
