import Records

/// Street teams ("街长+N员+1"): a chief, members with roles, the merchants' body, a capacity.
enum StreetGenerator {
  /// The roles every team has, and the extra roles a larger team adds.
  static let coreRoles = ["城管", "民警", "市场监管", "网格员"]
  static let extraRoles = ["网格员", "消防", "城管"]

  /// Writes streets.csv and returns, per street, the members who inspect shops (市场监管, 城管,
  /// 消防) for inspections.csv.
  static func write(_ layout: DistrictLayout, to table: inout CSVTable, rng: inout Xoshiro256StarStar) throws
    -> [[String]]
  {
    var inspectors: [[String]] = []
    inspectors.reserveCapacity(layout.streets.count)
    for street in layout.streets {
      var members = coreRoles.map { Street.Member(name: Names.person(&rng), role: $0) }
      let extras = rng.below(3)
      for _ in 0..<extras {
        members.append(Street.Member(name: Names.person(&rng), role: extraRoles[rng.below(extraRoles.count)]))
      }
      // Visits per day for the team: ~4 per member plus the chief's, 16…36.
      let capacity = 4 * (members.count + 1) + rng.integer(in: -4...6)
      table.text(street.id)
      table.text(street.name)
      table.text(layout.subdistricts[street.subdistrict].id)
      table.text(Names.person(&rng))
      table.text(Street.Member.format(members))
      table.text(Names.partner(street: street.name))
      table.integer(capacity)
      try table.endRow()
      inspectors.append(members.filter { ["市场监管", "城管", "消防"].contains($0.role) }.map(\.name))
    }
    return inspectors
  }
}
