// Synthetic: generates a calibrated synthetic district (every record kind of CONTRACT.md in its
// canonical CSV columns, grid boundaries and adjacency) with planted, spatially correlated risk
// written to `truth/`, streaming to disk in bounded memory.
