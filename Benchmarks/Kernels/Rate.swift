import Benchmark
import Foundation
import LinearAlgebra

/// Throughput in the units a kernel is judged by, recorded once per iteration as custom metrics
/// (Benchmark's own `throughput` counts iterations per second, and its `scalingFactor` only takes
/// powers of ten, so neither can say rows/s or MB/s of a whole input).
enum Rate {
  /// Rows (records, grids, shops: whatever the kernel consumes) per second of wall time.
  static let rows = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
  /// Input bytes per second of wall time (the table's `M` column reads as MB/s).
  static let bytes = BenchmarkMetric.custom("bytes/s", polarity: .prefersLarger, useScalingFactor: false)

  /// Wall time, CPU, allocations (through the malloc interposer) and peak memory, plus rows/s.
  static let metrics: [BenchmarkMetric] = [
    .wallClock, .cpuTotal, .throughput, .mallocCountTotal, .mallocBytesCount, .peakMemoryResident, rows,
  ]

  /// Runs `body` once, timing it, and records `rows` (and `bytes`, when given) per second.
  static func measure<T>(
    _ benchmark: Benchmark, rows count: Int, bytes: Int? = nil, _ body: () throws -> T
  ) rethrows {
    let clock = ContinuousClock()
    let started = clock.now
    blackHole(try body())
    let elapsed = clock.now - started
    let seconds = max(
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, 1e-9)
    benchmark.measurement(rows, Int((Double(count) / seconds).rounded()))
    if let bytes { benchmark.measurement(Rate.bytes, Int((Double(bytes) / seconds).rounded())) }
  }

  /// The configuration of a kernel: a warm-up run, then up to `iterations` runs within ~2 s.
  /// `blas` adds the OpenBLAS core and thread count to the benchmark's name (as tags).
  static func configuration(
    iterations: Int = 20, bytes: Bool = false, blas: Bool = false
  ) -> Benchmark.Configuration {
    .init(
      metrics: bytes ? metrics + [Rate.bytes] : metrics,
      tags: blas ? ["OpenBLAS": BLASInfo.coreName, "threads": "\(BLASInfo.threads)"] : [:],
      warmupIterations: 1, maxDuration: .seconds(2), maxIterations: iterations)
  }
}
