import Foundation
import Synthetic
import TestSupport
import Testing

@Suite("Synthetic district: same seed, same bytes")
struct DeterminismTests {
  func bytes(_ d: GeneratedDistrict) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in DistrictGenerator.files {
      result[name] = try Data(contentsOf: d.directory.appendingPathComponent(name))
    }
    return result
  }

  @Test("generating twice with one seed writes identical files; another seed writes different ones")
  func sameSeedSameBytes() throws {
    let a = try bytes(GeneratedDistrict(scale: 0.05, seed: 42, years: 1))
    let b = try bytes(GeneratedDistrict(scale: 0.05, seed: 42, years: 1))
    let c = try bytes(GeneratedDistrict(scale: 0.05, seed: 43, years: 1))
    for name in DistrictGenerator.files {
      #expect(a[name] == b[name], "\(name) differs between two runs of seed 42")
      #expect(!(a[name]?.isEmpty ?? true), "\(name) is empty")
    }
    for name in ["shops.csv", "incidents.csv", "petitions.csv", "inspections.csv", "truth/grid_risk.csv"] {
      #expect(a[name] != c[name], "\(name) is the same for seeds 42 and 43")
    }
  }
}
