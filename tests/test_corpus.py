"""geomap.corpus without spaCy: reading every input format, partitioning, writing every
output format, and the parts folder that makes a cluster run resumable."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geomap.corpus import (
    BadRecord,
    Counts,
    Fields,
    Job,
    SourceRecord,
    join_parts,
    open_results,
    partitions,
    prepare_parts,
    read_records,
)
from geomap.errors import InputError

GOOD = {"id": "k1", "text": "The train from Minsk reached Brest at dawn.", "day": "2021-06-03"}
JSONL_LINES = [
    json.dumps(GOOD),
    "{this is not json",
    json.dumps(["a", "list"]),
    json.dumps({"id": "k4"}),
    json.dumps({"id": "k5", "text": 42}),
    "",
    json.dumps({"text": "An id-less report from Ghent.", "day": "yesterday"}),
]


def _collect(path: Path, fields: Fields | None = None) -> tuple[list, list[str]]:
    messages: list[str] = []
    return list(read_records(path, fields, messages.append)), messages


def _check_jsonl_records(records: list, messages: list[str], name: str) -> None:
    good = [r for r in records if isinstance(r, SourceRecord)]
    bad = [r.error for r in records if isinstance(r, BadRecord)]
    assert [r.article_id for r in good] == ["k1", "line-7"]
    assert good[0].where == f"{name}:1" and good[0].date == "2021-06-03"
    assert good[1].date is None
    assert bad == [
        f"{name}:2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{name}:3: not a JSON object",
        f'{name}:4: no "text" field',
        f'{name}:5: "text" is not a string',
    ]
    assert messages == [f"geomap: warning: {name}:7: 'day' 'yesterday' is not an ISO date"]


def test_jsonl_and_gzip_report_each_bad_line_by_file_and_line(tmp_path: Path) -> None:
    plain = tmp_path / "news.jsonl"
    plain.write_text("\n".join(JSONL_LINES) + "\n")
    records, messages = _collect(plain, Fields(date="day"))
    _check_jsonl_records(records, messages, str(plain))
    packed = tmp_path / "news.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    records, messages = _collect(packed, Fields(date="day"))
    _check_jsonl_records(records, messages, str(packed))


def test_gzip_is_recognised_by_content_and_damage_is_an_input_error(tmp_path: Path) -> None:
    disguised = tmp_path / "news.jsonl"  # gzipped, whatever the name says
    disguised.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode() * 50))
    records, _ = _collect(disguised)
    assert len(records) == 50
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(disguised.read_bytes()[:-30])
    with pytest.raises(InputError, match="damaged gzip data"):
        _collect(truncated)


def test_parquet_with_other_column_names_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "archive.parquet"
    table = pa.table(
        {
            "story_id": [10, 11, None, 13],
            "body": ["Rain fell on Bergen.", None, "Fog closed the port of Hull.", "Calm."],
            "published": [None, None, "2020-01-31T08:00:00", "31/01/2020"],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    fields = Fields(text="body", id="story_id", date="published")
    records, messages = _collect(path, fields)
    assert [type(r).__name__ for r in records] == [
        "SourceRecord", "BadRecord", "SourceRecord", "SourceRecord",
    ]
    assert records[1].error == f'{path}:row 2: "body" is null'
    assert [r.article_id for r in records if isinstance(r, SourceRecord)] == ["10", "row-3", "13"]
    assert records[2].date == "2020-01-31" and records[3].date is None
    assert messages == [
        f"geomap: warning: {path}:row 4: 'published' '31/01/2020' is not an ISO date"
    ]
    with pytest.raises(InputError, match="no column 'text'"):
        _collect(path)


def test_unreadable_inputs_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        _collect(tmp_path / "missing.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        _collect(tmp_path)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1" + bytes(100))
    with pytest.raises(InputError, match="not a readable Parquet file"):
        _collect(broken)


def _source(number: int, chars: int = 10) -> SourceRecord:
    return SourceRecord(f"in.jsonl:{number}", str(number), "x" * chars, None)


def test_partitions_are_cut_by_count_and_by_size_and_bad_records_are_counted() -> None:
    items = [_source(1), BadRecord("in.jsonl:2: not UTF-8"), *(_source(n) for n in range(3, 8))]
    counts, messages = Counts(), []
    parts = list(partitions(items, counts, messages.append, partition_size=2))
    assert [p.index for p in parts] == [0, 1, 2]
    assert [[r.article_id for r in p.records] for p in parts] == [
        ["1", "3"], ["4", "5"], ["6", "7"],
    ]
    assert (counts.read, counts.skipped) == (7, 1)
    assert messages == ["geomap: skipped in.jsonl:2: not UTF-8"]
    huge = [_source(1, 1_500_000), _source(2, 1_500_000), _source(3)]
    parts = list(partitions(huge, Counts(), messages.append, partition_size=100))
    assert [len(p.records) for p in parts] == [2, 1]  # the text budget closes a partition early


LINES = [
    json.dumps({"id": "a", "toponyms": [{"start": 0, "end": 5, "text": "Minsk", "name": "Minsk",
                                         "lat": 53.9, "lon": 27.56667, "geonameid": 625144,
                                         "confidence": 0.9}]}),
    json.dumps({"id": "b", "toponyms": [{"start": 3, "end": 7, "text": "Nowhere-ville",
                                         "name": "Nowhere-ville", "lat": None, "lon": None,
                                         "geonameid": None, "confidence": 0.1}]}),
    json.dumps({"id": "c", "toponyms": []}),
]


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.parquet"])
def test_every_output_format_holds_the_same_results(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with open_results(path, with_date=False) as write:
        write(LINES[:2])
        write(LINES[2:])
    if name.endswith(".parquet"):
        rows = pq.read_table(path).to_pylist()
    else:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
    assert rows == [json.loads(line) for line in LINES]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary left


def test_gzip_output_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    for name in ("one.jsonl.gz", "two.jsonl.gz"):
        with open_results(tmp_path / name, with_date=False) as write:
            write(LINES)
    assert (tmp_path / "one.jsonl.gz").read_bytes() == (tmp_path / "two.jsonl.gz").read_bytes()


def test_failed_write_leaves_no_output(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError), open_results(path, with_date=False) as write:
        write(LINES)
        raise RuntimeError("worker lost")
    assert list(tmp_path.iterdir()) == []


def test_parts_are_kept_for_the_same_job_and_dropped_for_another(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(GOOD) + "\n")
    notes: list[str] = []
    job = Job(source, tmp_path / "out.jsonl", partition_size=5, report=notes.append)
    folder = prepare_parts(job)
    (folder / "part-000000.jsonl").write_text(LINES[0] + "\n")
    assert prepare_parts(job) == folder and (folder / "part-000000.jsonl").is_file()
    assert notes == []
    other = Job(source, tmp_path / "out.jsonl", partition_size=6, report=notes.append)
    prepare_parts(other)
    assert not (folder / "part-000000.jsonl").exists()
    assert "1 parts of another job" in notes[0]
    (folder / "part-000000.jsonl").write_text(LINES[0] + "\n")
    source.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")  # the input changed
    prepare_parts(other)
    assert not (folder / "part-000000.jsonl").exists()


def test_parts_are_joined_in_partition_order(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(GOOD) + "\n")
    job = Job(source, tmp_path / "out.jsonl.gz", report=lambda _m: None)
    folder = prepare_parts(job)
    for index, line in reversed(list(enumerate(LINES))):  # finished in reverse order
        (folder / f"part-{index:06d}.jsonl").write_text('{"skipped": []}\n' + line + "\n")
    join_parts(job, folder, len(LINES))
    with gzip.open(job.output, "rt") as handle:
        assert [json.loads(line)["id"] for line in handle] == ["a", "b", "c"]
    assert job.counts.written == 3
    assert not folder.exists()  # a finished job leaves only its output


def _fake_parse(records, _nlp, _with_date):
    """Stands in for the pipeline: fails on any article that says BOOM."""
    if any("BOOM" in record.text for record in records):
        raise ValueError("the parser choked")
    return [json.dumps({"id": record.article_id}) for record in records]


def test_an_article_the_pipeline_fails_on_is_skipped_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geomap.corpus as corpus

    monkeypatch.setattr(corpus, "_process_pipeline", lambda: None)
    monkeypatch.setattr(corpus, "_parse_records", _fake_parse)
    source = tmp_path / "in.jsonl"
    texts = ["Calm in Riga.", "BOOM in Tartu.", "Sun over Vilnius.", "Snow in Kaunas."]
    source.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts)))
    notes: list[str] = []
    job = Job(source, tmp_path / "out.jsonl", partition_size=3, report=notes.append)
    corpus.run_local(job, workers=1)
    assert [json.loads(line)["id"] for line in job.output.read_text().splitlines()] == [
        "0", "2", "3",
    ]
    assert notes == [
        f"geomap: skipped {source}:2: geoparsing failed (ValueError: the parser choked)"
    ]
    assert (job.counts.read, job.counts.written, job.counts.skipped) == (4, 3, 1)


def test_a_resumed_cluster_run_reuses_good_parts_and_redoes_damaged_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import LocalCluster

    import geomap.corpus as corpus

    monkeypatch.setattr(corpus, "_process_pipeline", lambda: None)
    monkeypatch.setattr(corpus, "_parse_records", _fake_parse)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": f"Day {n} in Turku."}) + "\n"
                              for n in range(6)))
    notes: list[str] = []
    job = Job(source, tmp_path / "out.jsonl", partition_size=2, report=notes.append)
    folder = prepare_parts(job)
    # Part 0 as an interrupted run left it (its content marks it as not parsed again);
    # part 1 damaged (never written by geomap, whose writes are atomic, but a disk can fail).
    (folder / "part-000000.jsonl").write_text(
        json.dumps({"skipped": ["in.jsonl:9: not UTF-8"]}) + "\n" + '{"id": "kept"}\n'
    )
    (folder / "part-000001.jsonl").write_text("\x00\x00 garbage")
    # Threads in this process, so the stand-in parser above is the one the cluster runs.
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        corpus.run_dask(job, cluster.scheduler_address)
    rows = [json.loads(line)["id"] for line in job.output.read_text().splitlines()]
    assert rows == ["kept", "2", "3", "4", "5"]
    assert "geomap: skipped in.jsonl:9: not UTF-8" in notes
    assert "geomap: resumed: 1 of 3 parts were already done" in notes
    assert (job.counts.written, job.counts.skipped) == (5, 1)
    assert not folder.exists()
