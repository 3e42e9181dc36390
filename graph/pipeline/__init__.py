"""The main job, ``tradekg build``: files in; the graph, its store, tables, report, views and site out.

The per-file stage (:mod:`~graph.pipeline.documents`) runs on an executor
(:mod:`~graph.pipeline.executors`) and leaves its results in a cache
(:mod:`~graph.pipeline.cache`); the assembly (:mod:`~graph.pipeline.assemble`) streams
them into the outputs; :mod:`~graph.pipeline.run` runs the phases and
:mod:`~graph.pipeline.progress` shows and times them. Everything is written into a new
state of the output folder that becomes current in one rename
(:mod:`~graph.pipeline.states`); :mod:`~graph.pipeline.duplicates` decides which reading
of a document several files hold is kept.
"""

from graph.pipeline.progress import Progress
from graph.pipeline.run import STATE_DIR, STORE_DIR, BuildResult, build, sample_corpus

__all__ = ["STATE_DIR", "STORE_DIR", "BuildResult", "Progress", "build", "sample_corpus"]
