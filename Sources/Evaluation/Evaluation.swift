// Evaluation: rolling-origin backtests and the field's metrics (hit rate, PAI, PEI, AUC, …). Pure.
