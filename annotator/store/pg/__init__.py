"""The team server's side of the store: PostgreSQL through psycopg 3 (issue 18, docs/team.md).

`connect`: connections (URL without a password; libpq's .pgpass, service files, PGPASSWORD, or a
caller's prompt) and the mapping of server errors to the app's. `server`: the schema `annotator`
(tables, change sequence, group roles, row-level security) and the lead's reads and writes.
`remote`: what sync reads and writes. Import these modules directly: importing this package
does not import psycopg.
"""
