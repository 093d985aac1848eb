"""Many sentences at once: `upload` (reading files safely, whatever their encoding and dialect),
`batch` (batched verdicts), `views` (where each unit fires, pattern search), and corpus stores of
any size: `stream` (reading), `store` (the indexing job: `python -m models.corpus index ...`),
`ray_engine` (the same job on Ray Data), `store_read` (dashboards and search with DuckDB)."""
