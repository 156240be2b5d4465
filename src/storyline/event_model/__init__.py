"""The learned event model (#13): detection, factuality and typing of event candidates.

The rules (``storyline.events``) propose candidates; this model decides. For each candidate it
scores "a real event, not another sense, an idiom, a generic statement or page furniture"
(calibrated: the event's ``confidence``), its status, PLOVER type, CAMEO root and ACLED type.

* :mod:`.features` — hashed lexical features of a sentence, its trigger window and the rule's code;
* :mod:`.model` — the shipped weights (``data/models/events.npz``) and batch prediction;
* :mod:`.component` — the ``event_model`` pipeline component;
* :mod:`.data` / :mod:`.train` — training examples and ``storyline train events``.
"""
