"""The ``dictionaries`` pipeline component: users' dictionary files applied to each extraction.

Runs last, so its entries win over what the built-in stages coded. Files: the component's
``files`` setting (``PipelineConfig.settings["dictionaries"]["files"]``) and
``STORYLINE_DICTIONARIES``. The store's own entries are applied when an extraction is stored
(``Store.save_many``), so ``storyline extract`` with a dictionary file and ``storyline ingest``
with the same entries in the store code alike.
"""

from __future__ import annotations

from storyline.dictionaries.apply import apply_dictionaries
from storyline.dictionaries.entries import load_dictionaries
from storyline.pipeline import AnalysisDoc, PipelineConfig, component


@component("dictionaries")
def make_dictionaries(config: PipelineConfig):
    files = list(config.for_component("dictionaries").get("files", []))

    def dictionaries(adoc: AnalysisDoc) -> None:
        found = load_dictionaries(None, files)  # file entries are cached by path and mtime
        if found:
            apply_dictionaries(adoc.result, found)

    return dictionaries
