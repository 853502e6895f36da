import Foundation
import Records
import Synthetic
import TestSupport

/// A district generated once for the tests that read it.
final class GeneratedDistrict: Sendable {
  let directory: URL
  let report: CalibrationReport
  let options: GeneratorOptions

  init(scale: Double, seed: UInt64, years: Int = 3) throws {
    directory = try Fixtures.temporaryDirectory("synthetic")
    options = GeneratorOptions(scale: scale, seed: seed, years: years)
    report = try DistrictGenerator(options: options, taxonomy: Fixtures.taxonomy).write(to: directory)
  }

  /// The generated files go with the value (the shared `small` district lives until the process ends).
  deinit { try? FileManager.default.removeItem(at: directory) }

  func csv(_ name: String) throws -> CSVFile { try CSVFile(directory.appendingPathComponent(name)) }

  /// The district at scale 0.1, seed 7, 3 years: 87 grids, 1,200 shops, ~6,000 incidents.
  static let small: GeneratedDistrict = try! GeneratedDistrict(scale: 0.1, seed: 7)
}
