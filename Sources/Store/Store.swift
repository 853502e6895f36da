// Store: the SQLite store through GRDB: schema, migrations, upserts with history, score
// snapshots and the run log.
