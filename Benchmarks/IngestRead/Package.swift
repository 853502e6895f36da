// swift-tools-version: 6.1
// Ingest reading speed: reads and normalizes every file of a synthetic district (`yanpan generate`)
// through `RecordFileReader`, with location resolution and a fingerprint per record, and prints MB/s,
// rows/s (wall and CPU) and peak memory. The engine's sources are linked in (Sources/* are
// symlinks to the package's own), so this measures exactly the code `yanpan ingest` reads with,
// without the store.
//
//   swift run -c release --package-path Benchmarks/IngestRead IngestRead DISTRICT_DIR [repeats] [models]
//
// The whole `yanpan ingest` (reading on one core, the store's writes on the other, a new store loaded
// aside and moved into place) is timed per scale by district.sh beside this file:
//
//   Benchmarks/IngestRead/district.sh .build/release/yanpan 1 10 100
import PackageDescription

let package = Package(
  name: "IngestRead",
  dependencies: [
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .target(name: "Records", dependencies: ["Yams"]),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: "Ingest",
      dependencies: ["Records", "CZlib", "Yams", .product(name: "Crypto", package: "swift-crypto")]),
    .executableTarget(name: "IngestRead", dependencies: ["Ingest", "Records"]),
  ]
)
