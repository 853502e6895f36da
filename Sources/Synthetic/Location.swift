import Records

/// How an incident or petition row says where it happened: the three paths ingest resolves.
enum LocationPath: UInt8 {
  /// `grid_id` only.
  case grid
  /// `lon`, `lat` only: a point inside the grid's polygon.
  case point
  /// `address` only: a door number that addresses.csv maps to the grid.
  case address

  static func draw(_ targets: CalibrationTargets, _ rng: inout Xoshiro256StarStar) -> LocationPath {
    let u =
      rng.uniform() * (targets.gridLocatedShare + targets.pointLocatedShare + targets.addressLocatedShare)
    if u < targets.gridLocatedShare { return .grid }
    if u < targets.gridLocatedShare + targets.pointLocatedShare { return .point }
    return .address
  }
}

/// A drawn location: the path and the values it needs.
struct Location {
  var path: LocationPath
  var grid: Int32
  var u: Float = 0
  var v: Float = 0
  var door: Int16 = 0

  init(grid: Int, targets: CalibrationTargets, rng: inout Xoshiro256StarStar) {
    self.grid = Int32(grid)
    path = LocationPath.draw(targets, &rng)
    switch path {
    case .grid: break
    case .point:
      u = Float(rng.uniform())
      v = Float(rng.uniform())
    case .address:
      door = Int16(rng.below(DistrictLayout.addressesPerGrid))
    }
  }

  /// Writes the four columns `grid_id, lon, lat, address`.
  func write(_ layout: DistrictLayout, to table: inout CSVTable) {
    let g = Int(grid)
    switch path {
    case .grid:
      table.text(layout.gridIDs[g])
      table.empty()
      table.empty()
      table.empty()
    case .point:
      table.empty()
      table.point(layout.lattice.point(in: layout.gridCell[g], u: Double(u), v: Double(v)))
      table.empty()
    case .address:
      table.empty()
      table.empty()
      table.empty()
      table.text(layout.address(grid: g, Int(door)))
    }
  }
}

/// A time of day in minutes (0..<1440) drawn from hourly weights.
struct HourProfile {
  let table: AliasTable

  init(_ hourly: [Double]) {
    precondition(hourly.count == 24, "an hour profile has 24 weights")
    table = AliasTable(weights: hourly)
  }

  func minute(_ rng: inout Xoshiro256StarStar) -> Int { table.draw(&rng) * 60 + rng.below(60) }

  /// Incidents: low at night, peaks late morning and evening.
  static let incidents = HourProfile([
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.0, 2.0, 3.0, 3.5, 3.8, 3.8, 3.5, 3.3, 3.3, 3.5, 3.8, 4.0, 4.2, 4.4, 4.2,
    3.5, 2.5, 1.6,
  ])
  /// Visits and letters: office hours.
  static let office = HourProfile([
    0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 3, 1, 1, 3, 4, 4, 2, 0, 0, 0, 0, 0, 0,
  ])
  /// Online and hotline petitions: daytime and evening.
  static let online = HourProfile([
    0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 4, 4, 3.5, 3, 3, 3.5, 3.5, 3.5, 3, 2.5, 2.5, 2.5, 2, 1.2, 0.6,
  ])
  /// Inspections: working hours.
  static let work = HourProfile([
    0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 4, 3, 0.5, 0.5, 3, 4, 4, 1.5, 0, 0, 0, 0, 0, 0,
  ])
}
