"""`geomap extract` and `geomap eval`: find and resolve place mentions in articles."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import typer

from geomap.cli.app import app
from geomap.corpus import DEFAULT_PARTITION_SIZE, Fields
from geomap.errors import InputError, NotFoundError


@app.command()
def extract(
    files: list[Path] = typer.Argument(None, help="Article text files."),
    jsonl: Path = typer.Option(
        None,
        "--jsonl",
        "--corpus",
        help='Read a corpus instead: JSONL (one {"id", "text"} per line), .jsonl.gz or Parquet.',
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="With --jsonl: where to write results; .jsonl, .jsonl.gz or .parquet by suffix.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=0, help="With --jsonl: local processes (0 = one per core)."
    ),
    dask: str = typer.Option(
        None, "--dask", help="With --jsonl: run on the Dask scheduler at this address."
    ),
    text_field: str = typer.Option("text", "--text-field", help="Field holding the text."),
    id_field: str = typer.Option("id", "--id-field", help="Field holding the article id."),
    date_field: str = typer.Option(
        None, "--date-field", help="Field holding the date; adds a date to each result."
    ),
    partition_size: int = typer.Option(
        DEFAULT_PARTITION_SIZE, "--partition-size", min=1, help="Articles per unit of work."
    ),
) -> None:
    """Find every place mention and resolve it; print spans, places and confidence."""
    if jsonl is not None:
        if files:
            raise InputError("give either article FILES or --jsonl, not both")
        if output is None:
            raise InputError("--jsonl needs -o/--output for the results file")
        fields = Fields(text=text_field, id=id_field, date=date_field)
        _extract_corpus(jsonl, output, fields, workers, dask, partition_size)
        return
    if workers != 1 or dask:
        raise InputError("--workers and --dask need a corpus (--jsonl)")
    if not files:
        raise InputError("no article files given (see `geomap extract --help`)")
    from geomap.articles import read_articles
    from geomap.geoparse import load_pipeline, mention_record, parse_articles

    articles = read_articles(files)
    nlp = load_pipeline()
    found_any = False
    out = sys.stdout
    if as_json:
        out.write("[")
    # Written piece by piece, never as one string: a 50 MB article has a million mentions.
    for number, (parsed, _doc) in enumerate(parse_articles(articles, nlp, keep_docs=False)):
        article = parsed.article
        for warning in article.warnings:
            typer.echo(f"geomap: warning: {article.source_path}: {warning}", err=True)
        if not parsed.mentions:
            typer.echo(f"geomap: {article.source_path}: no places found", err=True)
        found_any = found_any or bool(parsed.mentions)
        if as_json:
            header = {
                "article": article.article_id,
                "source": article.source_path,
                "date": article.date.isoformat() if article.date else None,
                "title": article.title,
                "warnings": list(article.warnings),
            }
            out.write(("," if number else "") + "\n " + json.dumps(header, ensure_ascii=False)[:-1])
            out.write(', "mentions": [')
            for index, resolved in enumerate(parsed.mentions):
                record = json.dumps(mention_record(resolved), ensure_ascii=False)
                out.write(("," if index else "") + "\n  " + record)
            out.write("]}")
            continue
        typer.echo(f"== {article.source_path} ({len(parsed.mentions)} mentions)")
        for resolved in parsed.mentions:
            r = mention_record(resolved)
            where = f"{r['lat']:.4f}, {r['lon']:.4f}" if r["lat"] is not None else "unresolved"
            typer.echo(
                f"  {r['start']:>6}-{r['end']:<6} {r['text']!r:30} {r['kind']:9} -> "
                f"{r['name']} [{r['country'] or '-'}] {where}  conf {r['confidence']:.2f}"
            )
    if as_json:
        out.write("\n]\n")
        out.flush()
    if not found_any:
        raise NotFoundError("no places found in any article")


def _extract_corpus(
    source: Path, output: Path, fields: Fields, workers: int, dask: str | None, partition_size: int
) -> None:
    from tqdm import tqdm

    from geomap.corpus import Job, count_records, run_dask, run_local

    if dask and workers != 1:
        raise InputError("give either --workers or --dask, not both")
    workers = workers or os.cpu_count() or 1
    show_progress = sys.stderr.isatty()
    total = count_records(source) if show_progress and source.is_file() else None
    with tqdm(
        total=total, unit=" articles", file=sys.stderr, disable=not show_progress,
        dynamic_ncols=True, smoothing=0.1,
    ) as bar:
        # Messages go through the bar so they do not tear it (plain stderr without a TTY).
        job = Job(
            source, output, fields, partition_size,
            report=lambda message: bar.write(message, sys.stderr), progress=bar.update,
        )
        if dask:
            run_dask(job, dask)
        else:
            run_local(job, workers)
    counts = job.counts
    typer.echo(
        f"geomap: {source}: read {counts.read:,} records, wrote {counts.written:,}, "
        f"skipped {counts.skipped:,} -> {output}",
        err=True,
    )


@app.command("eval")
def evaluate(
    corpus: Path = typer.Argument(..., help="Gold corpus JSONL (id, text, toponyms)."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON."),
    limit: int = typer.Option(0, "--limit", min=0, help="Score only the first N articles."),
    predictions: Path = typer.Option(
        None, "--predictions", help="Also write the predictions (JSONL) here."
    ),
    gold_spans: bool = typer.Option(
        True, "--gold-spans/--no-gold-spans", help="Also score resolution given gold spans."
    ),
) -> None:
    """Score recognition and resolution against a gold corpus (P/R/F1, acc@161km, AUC)."""
    from geomap.articles import article_from_text
    from geomap.atomic import atomic_open
    from geomap.evaluate import Scorer, resolve_gold_spans
    from geomap.geoparse import load_pipeline, mention_record, parse_articles

    def gold_records() -> Iterator[dict]:
        if not corpus.is_file():
            raise InputError(f"{corpus}: no such file")
        with corpus.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if limit and line_no > limit:
                    return
                if line.strip():
                    try:
                        record = json.loads(line)
                        record["id"], record["text"], record["toponyms"]
                    except (json.JSONDecodeError, KeyError, TypeError) as exc:
                        raise InputError(f"{corpus}:{line_no}: not a gold record ({exc})") from exc
                    yield record

    nlp = load_pipeline()
    scorer = Scorer()
    golds: dict[str, list] = {}

    def articles() -> Iterator:
        for record in gold_records():
            golds[str(record["id"])] = record["toponyms"]
            yield article_from_text(record["text"], str(record["id"]), keep_offsets=True)

    sink = atomic_open(predictions, "w") if predictions else None
    handle = sink.__enter__() if sink else None
    try:
        for parsed, _doc in parse_articles(articles(), nlp, keep_docs=False):
            predicted = [mention_record(m, full=False) for m in parsed.mentions]
            scorer.add(golds.pop(parsed.article.article_id), predicted)
            if handle:
                handle.write(
                    json.dumps({"id": parsed.article.article_id, "toponyms": predicted}) + "\n"
                )
    except BaseException:
        if sink:
            sink.__exit__(*sys.exc_info())
        raise
    if sink:
        sink.__exit__(None, None, None)
    result = {"corpus": str(corpus), **scorer.result()}
    if gold_spans:
        component = nlp.get_pipe("geomap_places")
        result["resolution_given_gold_spans"] = resolve_gold_spans(
            gold_records(), component.gazetteer
        )
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    exact, overlap = result["recognition_exact"], result["recognition_overlap"]
    resolution = result["resolution_on_exact_matches"]
    typer.echo(f"{corpus}: {result['articles']} articles")
    typer.echo(
        f"  recognition exact   P {exact['precision']:.3f}  R {exact['recall']:.3f}  "
        f"F1 {exact['f1']:.3f}  ({exact['tp']}/{exact['n_pred']} pred, {exact['n_gold']} gold)"
    )
    typer.echo(
        f"  recognition overlap P {overlap['precision']:.3f}  R {overlap['recall']:.3f}  "
        f"F1 {overlap['f1']:.3f}"
    )
    for label, summary in (
        ("end-to-end", resolution),
        ("gold spans", result.get("resolution_given_gold_spans")),
    ):
        if summary and summary.get("n"):
            typer.echo(
                f"  resolution {label:10} acc@161 {summary['acc_at_161km']:.3f}  "
                f"mean {summary['mean_km']:,.0f} km  median {summary['median_km']:,.0f} km  "
                f"AUC {summary['auc']}  coverage {summary['coverage']:.3f} (n={summary['n']})"
            )
    for kind, row in result["recall_by_type"].items():
        typer.echo(f"    recall {kind:22} {row['recall']:.3f} ({row['found']}/{row['gold']})")
