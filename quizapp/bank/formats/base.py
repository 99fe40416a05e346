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


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a foreign file that becomes a bank of its own: a GIFT or Moodle category, an Anki deck.

    `name` is how the file calls it (`$course$/top/Ketamine/Side effects`, `Pharm::Receptors`), `title`
    the bank title made from it, `topic` the topic id (a Moodle category's idnumber, else from the title).
    """

    name: str
    title: str
    topic: str
    line: int = 0
    description: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    """One answer from another tool's review history (Anki's revlog), for the progress store.

    `rating` is 1-4 (Again, Hard, Good, Easy, as Anki and FSRS count them); `at` Unix seconds.
    """

    at: int
    rating: int
    duration_ms: int | None = None


@dataclass(slots=True)
class Imported:
    """What a parser read: questions (with `line` set, id and topic left for the converter) and notes.

    `sections[i]` is the section question i belongs to (none: the file names no sections); `media` the
    bytes of the images questions name (`image` holds the file name until the converter writes it);
    `reviews[i]` the review history of question i, when the file carries one.
    """

    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sections: dict[int, Section] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)
    reviews: dict[int, list[Review]] = field(default_factory=dict)

    def note(self, line: int, message: str, level: Level = "warning") -> None:
        self.notes.append(Note(line, message, level))

    def add(self, question: Question, section: Section | None = None) -> int:
        """Append a question (in `section`); returns its index."""
        self.questions.append(question)
        if section is not None:
            self.sections[len(self.questions) - 1] = section
        return len(self.questions) - 1

    @property
    def category(self) -> str | None:
        """The name of the first section, if any."""
        return self.sections[min(self.sections)].name if self.sections else None


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

    binary: ClassVar[bool] = False  # reads bytes (a package), not UTF-8 text
    max_bytes: ClassVar[int | None] = None  # a bigger file is refused (None: the import's limit for text)
    other_extensions: ClassVar[tuple[str, ...]] = ()
    separator: str | None = None  # between columns, for the formats that have them (--separator)
    # the folder beside the input, where images a text format names may be found (set by the converter)
    beside: Path | None = None

    @abstractmethod
    def parse(self, text: str, file: str = "<input>") -> Imported:
        """Read the whole text; raise FormatError listing every malformed construct with its line."""

    def parse_file(self, path: Path, shown: str) -> Imported:
        """Read a file; binary formats override this (text formats are decoded as UTF-8 first)."""
        return self.parse(decode(path.read_bytes(), shown), shown)


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
