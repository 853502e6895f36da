// Ingest: readers (CSV/TSV/JSON Lines in UTF-8, UTF-8 with BOM, GB18030), header and value
// normalization, location resolution, petitioner pseudonymization, and the nothing-lost ledger.
