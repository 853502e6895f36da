// Patrol: capacity-sized patrol lists per street team and grid-worker lists. Pure.
