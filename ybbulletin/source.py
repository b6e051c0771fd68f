"""Deprecated name of :mod:`ybbulletin.located` (kept while in-flight branches move over).

"Source" meant three things (this position table, the 来源 field, the credit line);
the YAML loader with positions is ``ybbulletin.located`` now.
"""

from ybbulletin.located import KeyPath, Located, Span, decode, load_file, load_text

__all__ = ["KeyPath", "Located", "Span", "decode", "load_file", "load_text"]
