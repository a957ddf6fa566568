"""The write stage: each output rendered into a temporary file (or folder) staged beside its
target (`annotator.files.Staging`); the pipeline commits them all at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.files import Staging
from annotator.formats import FormatInfo, ImportReport
from annotator.model import DocRecord
from annotator.store.readmodel import SPAN_ATTRIBUTES

from .options import ExportedFile
from .read import Payload, Progress
from .render import Renderer, doc_record

__all__ = ["write_output"]


def write_output(
    batches: Iterator[list[Payload]],
    info: FormatInfo,
    target: Path,
    staging: Staging,
    renderer: Renderer,
    options: dict,
    exported: ExportedFile,
    progress: Progress,
) -> None:
    """Stage `target` in `info`'s format from `batches`; count into `exported`."""
    report = exported.report
    batches = _not_carried(batches, info, report)
    if info.folder:

        def docs() -> Iterator[DocRecord]:
            for batch in batches:
                for payload in batch:
                    yield doc_record(payload)
                exported.documents += len(batch)
                progress.advance(len(batch))

        info.module.write(docs(), staging.directory(target), report=report, **options)
        return
    with open(staging.file(target), "wb") as stream:
        for size, text, part in renderer.rendered(info.name, batches, options):
            stream.write(text)
            _merge_report(report, part)
            exported.documents += size
            progress.advance(size)
            progress.check()
    if info.side_file is not None:
        side = staging.file(target.with_name(info.side_file), replace=True)
        side.write_text(info.module.side_text(**options), encoding="utf-8")


def _not_carried(
    batches: Iterator[list[Payload]], info: FormatInfo, report: ImportReport
) -> Iterator[list[Payload]]:
    """`batches`, counting the relations and the spans with attributes `info` cannot carry
    (when its writer does not count them itself)."""
    relations = not info.carries_relations and not info.counts_losses
    attributes = not info.carries_attributes and not info.counts_losses
    for batch in batches:
        for payload in batch:
            if relations and payload.relations:
                report.count("relations_not_carried", len(payload.relations))
            if attributes:
                with_attributes = sum(1 for span in payload.spans if span[SPAN_ATTRIBUTES] != "{}")
                if with_attributes:
                    report.count("attributes_not_carried", with_attributes)
        yield batch


def _merge_report(total: ImportReport, part: ImportReport) -> None:
    total.counts.update(part.counts)
    total.warnings.extend(part.warnings)
    total.skipped.extend(part.skipped)
    total.info.update(part.info)
