import Foundation
import Records
import TestSupport
import Testing

@testable import Patrol

@Suite("Patrol settings file")
struct PatrolConfigTests {
  @Test("the shipped models/patrol.yaml reads and states the documented defaults")
  func shippedFile() throws {
    let url = Fixtures.modelsDirectory.appendingPathComponent("patrol.yaml")
    let config = try PatrolConfig(yaml: String(contentsOf: url, encoding: .utf8))
    #expect(config.version == 1)
    #expect(config.horizonDays == 7)
    #expect(abs(config.explorationShare - 0.10) < 1e-12)
    #expect(config == PatrolConfig())
  }

  @Test("keys left out keep their defaults; keys given win")
  func partialFile() throws {
    let config = try PatrolConfig(yaml: "version: 2\nrevisit_interval_days: 3\nseed: 99\n")
    #expect(config.version == 2)
    #expect(config.revisitIntervalDays == 3)
    #expect(config.seed == 99)
    #expect(config.coverageFloorDays == PatrolConfig().coverageFloorDays)
  }

  @Test("a value of the wrong kind names its key")
  func wrongKind() {
    #expect {
      try PatrolConfig(yaml: "coverage_floor_days: monthly\n")
    } throws: { error in
      (error as? InputError)?.field == "coverage_floor_days"
    }
  }

  @Test("a revisit interval longer than the coverage floor is refused")
  func revisitAboveFloor() {
    #expect {
      try PatrolConfig(yaml: "revisit_interval_days: 40\ncoverage_floor_days: 30\n")
    } throws: { error in
      (error as? InputError)?.field == "revisit_interval_days"
    }
  }

  @Test("an exploration share outside 0…1 is refused")
  func shareOutOfRange() {
    #expect(throws: InputError.self) { try PatrolConfig(explorationShare: 1.5).validate() }
  }
}
