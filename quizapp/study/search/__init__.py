"""Finding questions: the search language (syntax), its full-text index (index) and engine, and the front
the Browse window, custom study and `quizapp search` use (finder). docs/search.md describes the language."""

from quizapp.study.search.engine import ORDERS, Moment
from quizapp.study.search.finder import CardLine, Search, moment_of
from quizapp.study.search.syntax import SearchError, parse

__all__ = ["ORDERS", "CardLine", "Moment", "Search", "SearchError", "moment_of", "parse"]
