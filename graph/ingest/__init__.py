"""Files, folders and JSONL -> :class:`~graph.records.Readout` records.

The first stage of the pipeline. It accepts what a user has at hand:

* a text file (``.txt``, ``.md``, or any text file named explicitly);
* a folder, read recursively in sorted order (``*.txt``, ``*.md``, ``*.jsonl``;
  hidden files and folders are skipped);
* a ``.jsonl`` file, one JSON object a line:
  ``{"id", "text", "date", "source", "url", "lang"}``.

Each document is decoded (UTF-8 with or without BOM, UTF-16/32 with BOM, else
cp1252), its metadata read (a leading ``date YYYY-MM[-DD]``), its text cleaned
conservatively (:func:`clean`) and hashed. ``Readout.raw`` keeps the decoded
input as the user has it; ``Readout.text`` is what the NLP stage reads, and
``Readout.offsets`` maps every character of ``text`` back to ``raw`` so that
quotes and spans can be given in raw offsets.

The stage in four modules, one job each:

* :mod:`graph.ingest.decoding`: bytes -> text (byte order marks, UTF-8, cp1252);
* :mod:`graph.ingest.metadata`: dates, and the leading ``date`` line;
* :mod:`graph.ingest.cleaning`: the clean-up and its offset map;
* :mod:`graph.ingest.readers`: text files, JSONL files and folders -> readouts.

Input is streamed: a folder is listed, never loaded, and a JSONL file is read
line by line. A bad file or record becomes one :class:`~graph.errors.IngestError`
passed to ``on_error`` and the run goes on with the next input.

Example::

    for readout in read_inputs(["readouts/"], on_error=problems.append):
        ...
"""

from __future__ import annotations

from graph.ingest.cleaning import clean
from graph.ingest.decoding import decode
from graph.ingest.metadata import parse_date
from graph.ingest.readers import (
    DEFAULT_LANG,
    DEFAULT_MAX_CHARS,
    FOLDER_SUFFIXES,
    OnError,
    count_inputs,
    read_inputs,
    read_text_file,
    readout_from_text,
)

__all__ = [
    "DEFAULT_LANG",
    "DEFAULT_MAX_CHARS",
    "FOLDER_SUFFIXES",
    "OnError",
    "clean",
    "count_inputs",
    "decode",
    "parse_date",
    "read_inputs",
    "read_text_file",
    "readout_from_text",
]
