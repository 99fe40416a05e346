"""What every import and export format shares: the registry, the typed error, the report lines."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from quizapp.bank.model import Question

if TYPE_CHECKING:
    from quizapp.bank.loader import LoadResult

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Note:
    """One line of a conversion report, pointing at the line of the input (0 = the whole file)."""

    line: int
    message: str
    level: Level = "warning"

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.level}: {self.message}"


class FormatError(Exception):
    """A file that cannot be converted; carries every error found, each with its line."""

    def __init__(self, file: str, notes: list[Note]) -> None:
        self.file = file
        self.notes = [n if n.level == "error" else Note(n.line, n.message, "error") for n in notes]
        self.line = self.notes[0].line if self.notes else 0
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(n.render(self.file) for n in self.notes)


class LineError(Exception):
    """One malformed construct at a line; parsers collect these and go on to find the rest."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(slots=True)
class Imported:
    """What a parser read: questions (with `line` set, id and topic left for the converter) and notes."""

    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # a category the file itself names (GIFT's $CATEGORY), suggested as the topic
    category: str | None = None

    def note(self, line: int, message: str, level: Level = "warning") -> None:
        self.notes.append(Note(line, message, level))


@dataclass(slots=True)
class Exported:
    """What an export wrote: how many questions, and a note for each one it could not express."""

    path: Path
    written: int = 0
    notes: list[Note] = field(default_factory=list)


class ImportFormat(ABC):
    """A file format questions can be read from. `parse` never prints and never asks."""

    name: ClassVar[str]
    extension: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def parse(self, text: str, file: str = "<input>") -> Imported:
        """Read the whole text; raise FormatError listing every malformed construct with its line."""


class ExportFormat(ABC):
    """A file format questions can be written to."""

    name: ClassVar[str]
    extension: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def export(self, loaded: LoadResult, out: Path) -> Exported:
        """Write the loaded banks' questions to `out`; questions it cannot express become notes."""


IMPORTERS: dict[str, type[ImportFormat]] = {}
EXPORTERS: dict[str, type[ExportFormat]] = {}


def register_import(cls: type[ImportFormat]) -> type[ImportFormat]:
    IMPORTERS[cls.name] = cls
    return cls


def register_export(cls: type[ExportFormat]) -> type[ExportFormat]:
    EXPORTERS[cls.name] = cls
    return cls


def decode(data: bytes, file: str) -> str:
    """UTF-8 text (a BOM is allowed); any other encoding is an error at the first bad byte's line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(file, [Note(line, "file is not UTF-8 text; save it as UTF-8", "error")]) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
