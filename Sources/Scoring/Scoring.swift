// Scoring: feature matrices at an as-of date, weighting methods, fitted models, spatial
// statistics and explanations. Pure: values in, values out.
