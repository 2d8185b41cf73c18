"""Corpus scale: geoparse an archive in partitions, on local processes or a Dask cluster.

The driver (the `geomap extract` process) reads the corpus (JSONL, gzipped JSONL or Parquet),
checks every record, reports bad ones by file:line (file:row for Parquet) and cuts the good
ones into partitions of a fixed size. Each partition is parsed where the work runs: in this
process, in a local worker process or on a Dask worker, each of which loads the spaCy
pipeline once. Partition boundaries depend only on the input and ``partition_size``, never on
where the work runs, so every mode parses the same batches and writes the same bytes.

The results come back as JSON lines, in input order, and are written in the format the
output's suffix names (.jsonl, .jsonl.gz, .parquet). On a Dask cluster every partition's
lines are first written, atomically, to a part file in ``OUTPUT.parts/``; a rerun of the same
job skips the parts that exist, and the parts are joined in order at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from geomap.atomic import atomic_open, check_output_path, write_text_atomic
from geomap.errors import GeomapError, InputError, OutputError

# A partition is cut at this many records or this many characters of text, whichever comes
# first: a worker holds one partition's texts and results, so this bounds its memory, and
# a lost worker loses at most one partition of work (~5 s at 10 articles/s).
DEFAULT_PARTITION_SIZE = 50
MAX_PARTITION_CHARS = 2_000_000
# Partitions queued or running per worker (per worker thread on Dask): enough to keep
# every worker busy while the driver writes results, few enough that the driver never
# holds much of the corpus.
IN_FLIGHT_PER_WORKER = 2
PARQUET_ROWS_PER_GROUP = 10_000
PARQUET_READ_BATCH = 1_024
# Bump when the meaning of a part file changes: parts of another version are not reused.
PARTS_FORMAT = 1

_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True, slots=True)
class Fields:
    """Which field (JSON key or Parquet column) holds each part of an article."""

    text: str = "text"
    id: str = "id"
    date: str | None = None  # when set, the output carries an ISO "date" for each article


class SourceRecord(NamedTuple):
    """One usable input record: all a worker needs to parse it (small to ship)."""

    where: str  # "corpus.jsonl:12" or "corpus.parquet:row 12"
    article_id: str
    text: str
    date: str | None


class BadRecord(NamedTuple):
    """An input record that cannot be parsed, with the reason (one line, names the record)."""

    error: str


class Partition(NamedTuple):
    index: int
    records: tuple[SourceRecord, ...]


@dataclass
class Counts:
    read: int = 0
    written: int = 0
    skipped: int = 0


Report = Callable[[str], None]


# ------------------------------------------------------------------------------- reading


def input_kind(path: Path) -> str:
    """'parquet', 'jsonl.gz' or 'jsonl', from the file's first bytes (its suffix can lie)."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a corpus file")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if magic.startswith(_PARQUET_MAGIC):
        return "parquet"
    if magic.startswith(_GZIP_MAGIC):
        return "jsonl.gz"
    return "jsonl"


def _iso_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, a datetime or a string starting with one."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def check_record(
    record: Any, where: str, default_id: str, fields: Fields, report: Report
) -> SourceRecord | BadRecord:
    """A decoded record (JSON object or Parquet row) as a SourceRecord, or why it is bad."""
    if not isinstance(record, dict):
        return BadRecord(f"{where}: not a JSON object")
    text = record.get(fields.text)
    if not isinstance(text, str):
        name = fields.text
        problem = (
            f'no "{name}" field'
            if name not in record
            else f'"{name}" is null'
            if text is None
            else f'"{name}" is not a string'
        )
        return BadRecord(f"{where}: {problem}")
    article_id = record.get(fields.id)
    date = None
    if fields.date is not None and (raw_date := record.get(fields.date)) is not None:
        date = _iso_date(raw_date)
        if date is None:
            # A bad date loses the date, not the article.
            report(f"geomap: warning: {where}: {fields.date!r} {raw_date!r} is not an ISO date")
    return SourceRecord(where, default_id if article_id is None else str(article_id), text, date)


def _jsonl_records(path: Path, handle: IO[bytes], fields: Fields, report: Report) -> Iterator:
    for line_no, raw in enumerate(handle, start=1):
        where = f"{path}:{line_no}"
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig" if line_no == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield BadRecord(f"{where}: not UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield BadRecord(f"{where}: not valid JSON ({exc.msg})")
            continue
        yield check_record(record, where, f"line-{line_no}", fields, report)


def _gzip_records(path: Path, fields: Fields, report: Report) -> Iterator:
    line_no = 0
    try:
        with gzip.open(path, "rb") as handle:
            for item in _jsonl_records(path, handle, fields, report):
                line_no += 1
                yield item
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        # A damaged archive is not one bad record: what follows the damage is unknown.
        raise InputError(f"{path}: damaged gzip data after record {line_no} ({exc})") from exc


def _parquet_records(path: Path, fields: Fields, report: Report) -> Iterator:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    names = parquet.schema_arrow.names
    wanted = [fields.text, fields.id] + ([fields.date] if fields.date else [])
    for required in (fields.text, fields.date):
        if required and required not in names:
            raise InputError(
                f"{path}: no column {required!r} (columns: {', '.join(names)})",
                hint="name the right ones with --text-field/--id-field/--date-field",
            )
    columns = [name for name in wanted if name in names]
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_READ_BATCH, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield check_record(record, f"{path}:row {row}", f"row-{row}", fields, report)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: damaged Parquet data after row {row} ({exc})") from exc


def read_records(
    path: Path, fields: Fields | None = None, report: Report = print
) -> Iterator[SourceRecord | BadRecord]:
    """Stream a corpus (JSONL, gzipped JSONL or Parquet) record by record, never whole."""
    fields = fields or Fields()
    kind = input_kind(path)
    if kind == "parquet":
        return _parquet_records(path, fields, report)
    if kind == "jsonl.gz":
        return _gzip_records(path, fields, report)

    def plain() -> Iterator[SourceRecord | BadRecord]:
        with path.open("rb") as handle:
            yield from _jsonl_records(path, handle, fields, report)

    return plain()


def count_records(path: Path) -> int | None:
    """Records in a corpus, cheaply (non-blank lines, or Parquet's row count), for the ETA;
    None when they cannot be counted (the run itself then says what is wrong)."""
    kind = input_kind(path)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        opener = gzip.open if kind == "jsonl.gz" else open
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except (OSError, EOFError, ValueError):  # pyarrow's errors are ValueError or OSError
        return None


def partitions(
    records: Iterable[SourceRecord | BadRecord],
    counts: Counts,
    report: Report,
    partition_size: int = DEFAULT_PARTITION_SIZE,
) -> Iterator[Partition]:
    """Good records cut into partitions; bad ones counted and reported, never fatal."""
    batch: list[SourceRecord] = []
    chars = 0
    index = 0
    for item in records:
        counts.read += 1
        if isinstance(item, BadRecord):
            counts.skipped += 1
            report(f"geomap: skipped {item.error}")
            continue
        batch.append(item)
        chars += len(item.text)
        if len(batch) >= partition_size or chars >= MAX_PARTITION_CHARS:
            yield Partition(index, tuple(batch))
            index += 1
            batch, chars = [], 0
    if batch:
        yield Partition(index, tuple(batch))


# ------------------------------------------------------------------------------- parsing

_pipeline: Any = None
_pipeline_lock = threading.Lock()


# glibc's mallopt parameters (malloc.h) and the values its dynamic thresholds grow to.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024


def _undo_malloc_trimming() -> None:
    """Undo MALLOC_TRIM_THRESHOLD_, which Dask's nanny sets for its workers.

    With it, glibc returns memory to the system after nearly every free and maps every
    block over 128 kB afresh; spaCy allocates and frees arrays of that size all the time,
    and a worker spent ~20% more CPU per article (measured: 8.1 vs 6.7 CPU s for 60
    GeoWebNews articles). A partition's memory is bounded anyway, so keep glibc's usual
    thresholds.
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD_BYTES)


def _process_pipeline() -> Any:
    """The spaCy pipeline of this process, loaded on first use and kept (one per worker)."""
    global _pipeline
    if _pipeline is None:
        _undo_malloc_trimming()
        from geomap.geoparse import load_pipeline

        _pipeline = load_pipeline()
    return _pipeline


class PartitionResult(NamedTuple):
    lines: list[str]  # one JSON line per parsed record, in input order
    errors: list[str]  # records the pipeline failed on, each named by file:line


def _parse_records(records: Sequence[SourceRecord], nlp: Any, with_date: bool) -> list[str]:
    from geomap.articles import article_from_text
    from geomap.geoparse import mention_record, parse_articles

    articles = (
        article_from_text(r.text, r.article_id, r.where, keep_offsets=True) for r in records
    )
    lines = []
    parsed_stream = parse_articles(articles, nlp, keep_docs=False)
    for record, (parsed, _doc) in zip(records, parsed_stream, strict=True):
        line: dict[str, Any] = {"id": parsed.article.article_id}
        if with_date:
            line["date"] = record.date
        line["toponyms"] = [mention_record(m, full=False) for m in parsed.mentions]
        lines.append(json.dumps(line, ensure_ascii=False))
    return lines


def parse_partition(records: Sequence[SourceRecord], with_date: bool = False) -> PartitionResult:
    """Geoparse one partition, in order, on whichever process or worker runs it."""
    # A Dask worker started with several threads may run two partitions at once; the
    # pipeline is not thread-safe, and the GIL would serialise the work anyway.
    with _pipeline_lock:
        nlp = _process_pipeline()
        try:
            return PartitionResult(_parse_records(records, nlp, with_date), [])
        except Exception:
            pass
        # One article the pipeline cannot handle must not cost the others (nor the run):
        # parse the partition again one record at a time and skip the one that fails.
        lines, errors = [], []
        for record in records:
            try:
                lines.extend(_parse_records([record], nlp, with_date))
            except Exception as exc:
                errors.append(f"{record.where}: geoparsing failed ({type(exc).__name__}: {exc})")
        return PartitionResult(lines, errors)


def _start_local_worker(driver: int) -> None:
    """Set up a local worker process: it answers to the driver, and dies with it."""
    # Ctrl-C reaches the whole process group; only the driver handles it (and stops us).
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch_driver() -> None:
        # A driver killed outright (SIGKILL, SIGTERM) cannot stop its workers; without this
        # they would wait for work forever, each holding a pipeline in memory.
        while os.getppid() == driver:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch_driver, name="watch-driver", daemon=True).start()


def parse_locally(
    parts: Iterable[Partition], workers: int, with_date: bool
) -> Iterator[tuple[Partition, PartitionResult]]:
    """Each partition with its lines, in input order, parsed on ``workers`` processes."""
    if workers <= 1:
        for part in parts:
            yield part, parse_partition(part.records, with_date)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: a clean interpreter per worker, whatever threads the driver has.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_local_worker, initargs=(os.getpid(),)
    )
    pending: deque[tuple[Partition, Future[PartitionResult]]] = deque()
    limit = workers * IN_FLIGHT_PER_WORKER
    finished = False
    try:
        for part in parts:
            pending.append((part, executor.submit(parse_partition, part.records, with_date)))
            if len(pending) >= limit:
                head, future = pending.popleft()  # waiting on the oldest keeps the order
                yield head, future.result()
        while pending:
            head, future = pending.popleft()
            yield head, future.result()
        finished = True
    except BrokenProcessPool as exc:
        raise GeomapError(
            "a worker process died (out of memory?); no output was written",
            hint="try fewer --workers or a smaller --partition-size",
        ) from exc
    finally:
        executor.shutdown(wait=finished, cancel_futures=True)
        if not finished:
            for child in multiprocessing.active_children():
                child.terminate()


# ------------------------------------------------------------------------------- writing

# The Parquet layout of one output line (geoparse.mention_record(full=False)).
def _parquet_schema(with_date: bool) -> Any:
    import pyarrow as pa

    toponym = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("text", pa.string()),
            ("name", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("geonameid", pa.int64()),
            ("confidence", pa.float64()),
        ]
    )
    columns = [("id", pa.string())]
    if with_date:
        columns.append(("date", pa.string()))
    columns.append(("toponyms", pa.list_(toponym)))
    return pa.schema(columns)


def output_kind(path: Path) -> str:
    """The output format follows the output's suffix: .parquet, .gz, anything else JSONL."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix == ".gz":
        return "jsonl.gz"
    return "jsonl"


@contextlib.contextmanager
def open_results(path: Path, *, with_date: bool) -> Iterator[Callable[[Sequence[str]], None]]:
    """A function that appends JSON lines to ``path`` in its format; atomic on success."""
    kind = output_kind(path)
    if kind == "jsonl":
        with atomic_open(path, "w") as handle:
            yield lambda lines: handle.writelines(line + "\n" for line in lines)
        return
    if kind == "jsonl.gz":
        # mtime=0 and no file name in the header: the same results give the same bytes.
        with (
            atomic_open(path, "wb", encoding=None) as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
        ):
            yield lambda lines: packed.write("".join(f"{x}\n" for x in lines).encode())
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(with_date)
    with atomic_open(path, "wb", encoding=None) as raw:
        writer = pq.ParquetWriter(raw, schema)
        rows: list[dict[str, Any]] = []

        def flush() -> None:
            if rows:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()

        def write(lines: Sequence[str]) -> None:
            rows.extend(json.loads(line) for line in lines)
            if len(rows) >= PARQUET_ROWS_PER_GROUP:
                flush()

        try:
            yield write
            flush()
        finally:
            writer.close()  # before the file closes, also when a failure discards it


# ------------------------------------------------------------------------------- jobs


@dataclass
class Job:
    """One `geomap extract` over a corpus: what to read, how to cut it, where to write."""

    source: Path
    output: Path
    fields: Fields = field(default_factory=Fields)
    partition_size: int = DEFAULT_PARTITION_SIZE
    report: Report = print
    progress: Callable[[int], None] = lambda _records: None  # records done (a progress bar)
    counts: Counts = field(default_factory=Counts)

    def partitions(self) -> Iterator[Partition]:
        def records() -> Iterator[SourceRecord | BadRecord]:
            for item in read_records(self.source, self.fields, self.report):
                if isinstance(item, BadRecord):
                    self.progress(1)  # done as soon as it is read
                yield item

        return partitions(records(), self.counts, self.report, self.partition_size)

    def skipped(self, errors: Sequence[str]) -> None:
        """Records the pipeline failed on: reported and counted like unreadable ones."""
        for error in errors:
            self.counts.skipped += 1
            self.report(f"geomap: skipped {error}")

    @property
    def with_date(self) -> bool:
        return self.fields.date is not None

    def check_output_folder(self) -> None:
        check_output_path(self.output)


def run_local(job: Job, workers: int) -> None:
    """Parse on ``workers`` local processes and stream the results into the output."""
    job.check_output_folder()
    input_kind(job.source)  # a missing input is an input error before anything starts
    with open_results(job.output, with_date=job.with_date) as write:
        for part, result in parse_locally(job.partitions(), workers, job.with_date):
            write(result.lines)
            job.counts.written += len(result.lines)
            job.skipped(result.errors)
            job.progress(len(part.records))
        _check_something_written(job)


def _check_something_written(job: Job) -> None:
    if job.counts.written == 0 and job.counts.read:
        raise InputError(
            f"{job.source}: none of its {job.counts.read} records is a usable article"
        )


# --------------------------------------------------------------------- Dask and parts


def parts_folder(output: Path) -> Path:
    return output.parent / f"{output.name}.parts"


def _part_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:06d}.jsonl"


def _manifest(job: Job) -> dict[str, Any]:
    """What the parts depend on: a rerun reuses them only if all of it is the same."""
    stat = job.source.stat()
    return {
        "format": PARTS_FORMAT,
        "source": str(job.source.resolve()),
        "source_bytes": stat.st_size,
        "source_mtime_ns": stat.st_mtime_ns,
        "fields": asdict(job.fields),
        "partition_size": job.partition_size,
        "max_partition_chars": MAX_PARTITION_CHARS,
    }


def prepare_parts(job: Job) -> Path:
    """The parts folder of ``job``: kept when it belongs to this job, emptied otherwise."""
    folder = parts_folder(job.output)
    manifest_path = folder / "manifest.json"
    wanted = _manifest(job)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the parts folder ({exc.strerror})") from exc
    current = None
    with contextlib.suppress(OSError, ValueError):
        current = json.loads(manifest_path.read_text(encoding="utf-8"))
    if current != wanted:
        stale = sorted(folder.glob("part-*.jsonl"))
        if stale:
            job.report(
                f"geomap: {folder}: {len(stale)} parts of another job (other input or "
                "options); starting afresh"
            )
        for path in stale:
            path.unlink()
        write_text_atomic(manifest_path, json.dumps(wanted, indent=1) + "\n")
    return folder


# A part file: a header line {"skipped": [errors]}, then the partition's output lines.
def _write_part(path: Path, result: PartitionResult) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(json.dumps({"skipped": result.errors}, ensure_ascii=False) + "\n")
        handle.writelines(line + "\n" for line in result.lines)


def _part_errors(path: Path) -> list[str] | None:
    """The skipped records of a finished part; None if the part is unreadable (redo it)."""
    try:
        with path.open(encoding="utf-8") as handle:
            errors = json.loads(handle.readline())["skipped"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return errors if isinstance(errors, list) else None


def _part_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[1:]


def _connect(address: str) -> Any:
    import logging

    from distributed import Client

    # The CLI speaks for itself; distributed's own log lines would interleave with it, and
    # on Ctrl-C its event loop logs tracebacks of its own shutdown (tornado, asyncio).
    logging.getLogger("distributed").setLevel(logging.ERROR)
    # (distributed's own logging config sets "tornado.application" to ERROR explicitly.)
    for name in ("tornado", "tornado.application", "tornado.general", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        return Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler at {address} ({exc})",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`",
        ) from exc


def run_dask(job: Job, address: str) -> None:
    """Parse on a Dask cluster: one part file per partition, then the parts joined in order.

    Resumable: parts that exist are not parsed again. A partition whose worker dies is
    rescheduled by Dask on another worker; a part is written once, by the driver, only
    when its partition's result has arrived, so nothing is lost or written twice.
    """
    job.check_output_folder()
    input_kind(job.source)
    client = _connect(address)
    folder = parts_folder(job.output)
    reused = parsed = total_parts = 0
    interrupted = False
    run_id = uuid.uuid4().hex
    try:
        prepare_parts(job)
        from distributed import as_completed

        running: Any = as_completed(loop=client.loop)
        sizes: dict[Any, tuple[int, int]] = {}

        def collect(future: Any) -> None:
            nonlocal parsed
            index, size = sizes.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                raise GeomapError(
                    f"partition {index} failed on the cluster ({type(exc).__name__}: {exc}); "
                    f"finished parts are kept in {folder}",
                    hint="rerun the same command to resume",
                ) from exc
            _write_part(_part_path(folder, index), result)
            job.skipped(result.errors)
            future.release()
            parsed += 1
            job.progress(size)

        for part in job.partitions():
            total_parts += 1
            path = _part_path(folder, part.index)
            if path.is_file() and (errors := _part_errors(path)) is not None:
                reused += 1
                job.skipped(errors)
                job.progress(len(part.records))
                continue
            future = client.submit(
                parse_partition,
                part.records,
                job.with_date,
                key=f"geomap-partition-{part.index}-{run_id}",
                retries=1,
            )
            sizes[future] = (part.index, len(part.records))
            running.add(future)
            # Asked each time: workers may join or leave while the job runs.
            limit = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
            while running.count() >= limit:
                collect(next(running))
        for future in running:
            collect(future)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        try:
            client.close()
        except KeyboardInterrupt:  # Ctrl-C may land while the client shuts down too
            interrupted = True
        if interrupted:
            job.report(
                f"geomap: {parsed + reused} finished parts are kept in {folder}; "
                "rerun the same command to resume"
            )
            raise KeyboardInterrupt
    if reused:
        job.report(f"geomap: resumed: {reused} of {total_parts} parts were already done")
    join_parts(job, folder, total_parts)


def join_parts(job: Job, folder: Path, total_parts: int) -> None:
    """Concatenate parts 0..n-1 in order into the output, then remove the parts folder."""
    missing = [i for i in range(total_parts) if not _part_path(folder, i).is_file()]
    if missing:  # cannot happen unless someone removes parts while we run
        raise OutputError(f"{folder}: parts {missing[:5]} are missing; rerun to redo them")
    with open_results(job.output, with_date=job.with_date) as write:
        for index in range(total_parts):
            path = _part_path(folder, index)
            lines = _part_lines(path)
            write(lines)
            job.counts.written += len(lines)
        _check_something_written(job)
    for path in folder.glob("part-*.jsonl"):
        path.unlink()
    with contextlib.suppress(OSError):
        (folder / "manifest.json").unlink()
        folder.rmdir()

