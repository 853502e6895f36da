// swift-tools-version: 6.1
// Scoring at scale: times `PreparedDistrict`, `Scorer.score` and `ModelTrainer.fit` on an in-memory
// district shaped like `yanpan generate --scale S` (scale 100: 87,200 grids, 1.2M shops, 11.4M
// records). The engine's sources are linked in (Sources/* are symlinks to the package's own), so
// this measures exactly the code `yanpan score` runs, without the store.
//
//   swift run -c release --package-path Benchmarks/ScoringScale ScoringScale 100 models
import PackageDescription

let package = Package(
  name: "ScoringScale",
  dependencies: [
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLinearAlgebra", path: "Sources/CLinearAlgebra",
      pkgConfig: "openblas", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
    .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra"]),
    .target(name: "Records", dependencies: ["Yams"]),
    .target(
      name: "Scoring",
      dependencies: [
        "Records", "LinearAlgebra", "Yams", .product(name: "Collections", package: "swift-collections"),
      ]),
    .executableTarget(name: "ScoringScale", dependencies: ["Scoring", "Records"]),
  ]
)
