"""`export`: select -> read -> render -> write, then every output put in place at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.errors import UsageError
from annotator.files import Staging
from annotator.formats import get_format

from .options import ExportedFile, ExportOptions, ExportResult, NothingToExport
from .read import Progress, Selection
from .render import Renderer, workers_for
from .select import plan
from .write import write_output

if TYPE_CHECKING:
    from annotator.store import Project

__all__ = ["export"]


def export(
    project: Project,
    out: str | os.PathLike[str],
    options: ExportOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the selected annotations of `project` to `out` (and its split/annotator siblings).

    `progress(done, total)` is called as documents are written (total: documents over every
    output); `cancelled()` is polled between batches and, once true, stops the export with
    `ExportCancelled` leaving nothing behind. Bad options raise UsageError (NotFoundError for an
    unknown annotator or label; NothingToExport when the status filter leaves no document).
    """
    info = get_format(options.format)
    if not info.can_write:
        raise UsageError(f"format {info.name!r} cannot be written")
    chosen = plan(project, out, options, info)
    project.refuse_own_files([output.target for output in chosen.outputs], "write")
    chosen.refuse_nothing()
    sizes = [
        len(output.ids) if output.ids is not None else project.count_documents()
        for output in chosen.outputs
    ]
    if not any(sizes):  # an empty project: an empty file would pass for a corpus
        raise NothingToExport([])
    result = ExportResult(info.name, chosen.selection, left_out=chosen.left_out)
    shared = Progress(sum(sizes), progress, cancelled)
    workers = workers_for(info, options.workers, shared.total)
    with Staging() as staging, Renderer(workers) as renderer:
        for output in chosen.outputs:
            exported = ExportedFile(output.target, output.annotator, output.part)
            if output.annotator_id is not None:
                voters = ((str(output.annotator), output.annotator_id),)
                selection = Selection(voters, None, chosen.labels)
            else:
                selection = Selection(tuple(chosen.voters), options.majority or 1, chosen.labels)
            write_output(
                project,
                output,
                selection,
                info,
                staging,
                renderer,
                chosen.writer_options,
                exported,
                result.counts,
                shared,
                options.workers,
            )
            result.files.append(exported)
        staging.commit()
    return result
