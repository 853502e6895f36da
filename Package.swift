// swift-tools-version: 6.1
// Yanpan (研判): a risk-analysis engine for grid-based social governance.
// Modules follow the data flow: files → Ingest → Store → Scoring → Patrol / Evaluation → Reports → CLI.
import PackageDescription

let package = Package(
  name: "Yanpan",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "yanpan", targets: ["yanpan"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    // Kernel benchmarks (Benchmarks/Kernels); malloc counts through the interposer, no jemalloc.
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // BLAS and LAPACK from Debian's OpenBLAS + LAPACKE.
    .systemLibrary(
      name: "CLinearAlgebra", path: "Sources/CLinearAlgebra",
      pkgConfig: "openblas", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"]),

    // Value types for every record kind, taxonomy, time and geometry.
    .target(name: "Records", dependencies: ["Yams"]),
    // The synthetic district generator (writes CSV/GeoJSON and the planted truth).
    .target(name: "Synthetic", dependencies: ["Records"]),
    // zlib, for reading `.gz` inputs directly.
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    // Readers, normalization, location resolution, pseudonymization, the ledger.
    .target(
      name: "Ingest",
      dependencies: ["Records", "CZlib", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
    // SQLite through GRDB.
    .target(
      name: "Store",
      dependencies: [
        "Records", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Features, weights, models, spatial statistics, explanations.
    .target(
      name: "Scoring",
      dependencies: [
        "Records", "LinearAlgebra", "Yams", .product(name: "Collections", package: "swift-collections"),
      ]),
    .target(name: "Patrol", dependencies: ["Scoring", "Records", "Yams"]),
    .target(name: "Evaluation", dependencies: ["Records"]),
    // CSV, JSON, GeoJSON, Markdown and SVG writers.
    .target(name: "Reports", dependencies: ["Records"]),
    // The command line as a library, so tests can drive it.
    .target(
      name: "YanpanCLI",
      dependencies: [
        "Records", "Synthetic", "Ingest", "Store", "Scoring", "Patrol", "Evaluation", "Reports",
        "LinearAlgebra",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "yanpan", dependencies: ["YanpanCLI"]),

    // Fixture builders shared by the tests.
    .target(name: "TestSupport", dependencies: ["Records"], path: "Tests/TestSupport"),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
    .testTarget(name: "RecordsTests", dependencies: ["Records", "TestSupport"]),
    .testTarget(
      name: "IngestTests",
      dependencies: [
        "Ingest", "Records", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "StoreTests",
      dependencies: ["Store", "Records", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "YanpanCLITests", dependencies: ["YanpanCLI", "Store", "Records", "Patrol", "TestSupport"]),
    .testTarget(name: "PatrolTests", dependencies: ["Patrol", "Scoring", "Records", "TestSupport"]),
    .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Records", "LinearAlgebra", "TestSupport"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Records"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "Records", "TestSupport"]),
    .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Records", "TestSupport"]),

    // Kernel benchmarks, run on demand:
    // swift package --allow-writing-to-package-directory benchmark --target Kernels
    .executableTarget(
      name: "Kernels",
      dependencies: [
        "Records", "Synthetic", "Ingest", "Store", "Scoring", "Patrol", "Reports", "LinearAlgebra",
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/Kernels",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
