"""Ways to run the ingest job at scale.

* ``local`` (default): :mod:`storyline.ingest.runner`, worker processes on this machine and this
  process as the only DuckDB writer;
* ``ray``: :mod:`storyline.engines.ray_engine`, an actor pool on a local or remote Ray cluster
  writing partitioned Parquet (:mod:`storyline.engines.parquet`) that ``storyline load-parquet``
  adds to a store.

:mod:`storyline.engines.shards` cuts inputs into independently readable shards for both.
"""

ENGINES = ("local", "ray")
