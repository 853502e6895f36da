import Foundation
import Records

/// A record value that lives in one of the record tables: how it binds its content columns and
/// how it is read back. Binding and reading follow `RecordTable.columns` order exactly.
protocol StorableRecord {
  static var table: RecordTable { get }
  /// The identity the ledger keys on (the table's `id`).
  var storeID: String { get }
  func bindContent(to statement: PreparedStatement)
  /// Reads a record from a row laid out as `RecordTable.selectSQL`: id at 0, content from 1.
  init(row: PreparedStatement) throws
}

extension Grid: StorableRecord {
  static var table: RecordTable { .grids }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(name)
    s.bind(subdistrictID)
    s.bind(communityID)
    s.bind(kind.rawValue)
    s.bind(households)
    s.bind(population)
    s.bind(location?.lon)
    s.bind(location?.lat)
  }

  init(row s: PreparedStatement) {
    self.init(
      id: s.text(0), name: s.text(1), subdistrictID: s.text(2), communityID: s.text(3),
      kind: Grid.Kind(rawValue: s.text(4)) ?? .urban, households: s.optionalInt(5),
      population: s.optionalInt(6), location: point(s, 7))
  }
}

extension GridBoundary: StorableRecord {
  static var table: RecordTable { .gridBoundaries }
  var storeID: String { gridID }

  func bindContent(to s: PreparedStatement) {
    s.bind(GeoJSONGeometry.multiPolygon(polygons))
  }

  init(row s: PreparedStatement) throws {
    self.init(gridID: s.text(0), polygons: try GeoJSONGeometry.polygons(s.text(1)))
  }
}

extension GridAdjacency: StorableRecord {
  static var table: RecordTable { .gridAdjacency }
  var storeID: String { "\(gridID)|\(neighborID)" }

  func bindContent(to s: PreparedStatement) {
    s.bind(gridID)
    s.bind(neighborID)
  }

  init(row s: PreparedStatement) {
    self.init(gridID: s.text(1), neighborID: s.text(2))
  }
}

extension AddressEntry: StorableRecord {
  static var table: RecordTable { .addresses }
  var storeID: String { address }

  func bindContent(to s: PreparedStatement) {
    s.bind(address)
    s.bind(gridID)
  }

  init(row s: PreparedStatement) {
    self.init(address: s.text(1), gridID: s.text(2))
  }
}

extension Street: StorableRecord {
  static var table: RecordTable { .streets }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(name)
    s.bind(subdistrictID)
    s.bind(chief)
    s.bind(Street.Member.format(members))
    s.bind(partner)
    s.bind(dailyCapacity)
  }

  init(row s: PreparedStatement) {
    self.init(
      id: s.text(0), name: s.text(1), subdistrictID: s.text(2), chief: s.text(3),
      members: Street.Member.parseList(s.text(4)), partner: s.optionalText(5), dailyCapacity: s.int(6))
  }
}

extension Shop: StorableRecord {
  static var table: RecordTable { .shops }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(name)
    s.bind(streetID)
    s.bind(gridID)
    s.bind(category)
    s.bind(flags.sorted().joined(separator: ";"))
    s.bind(location?.lon)
    s.bind(location?.lat)
    s.bind(openedOn.map(isoDay))
    s.bind(status.rawValue)
  }

  init(row s: PreparedStatement) {
    let flags = s.text(5).split(separator: ";").map(String.init)
    self.init(
      id: s.text(0), name: s.text(1), streetID: s.text(2), gridID: s.text(3), category: s.text(4),
      flags: Set(flags), location: point(s, 6), openedOn: s.optionalText(8).flatMap { Day(iso: $0) },
      status: Shop.Status(rawValue: s.text(9)) ?? .open)
  }
}

extension Incident: StorableRecord {
  static var table: RecordTable { .incidents }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(occurredAt)
    s.bind(category)
    s.bind(severity)
    s.bind(gridID)
    s.bind(location?.lon)
    s.bind(location?.lat)
    s.bind(shopID)
    s.bind(status.rawValue)
    s.bind(resolvedAt)
    s.bind(source)
  }

  init(row s: PreparedStatement) {
    self.init(
      id: s.text(0), occurredAt: s.date(1), category: s.text(2), severity: s.int(3), gridID: s.text(4),
      location: point(s, 5), shopID: s.optionalText(7), status: Incident.Status(rawValue: s.text(8)) ?? .open,
      resolvedAt: s.optionalDate(9), source: s.optionalText(10))
  }
}

extension Petition: StorableRecord {
  static var table: RecordTable { .petitions }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(receivedAt)
    s.bind(channel?.rawValue)
    s.bind(category)
    s.bind(petitionerKey)
    s.bind(petitionerCount)
    s.bind(gridID)
    s.bind(location?.lon)
    s.bind(location?.lat)
    s.bind(dueAt)
    s.bind(closedAt)
    s.bind(satisfied.rawValue)
    s.bind(acceptedAt)
  }

  init(row s: PreparedStatement) {
    self.init(
      id: s.text(0), receivedAt: s.date(1),
      channel: s.optionalText(2).flatMap(Petition.Channel.init(rawValue:)),
      category: s.text(3), petitionerKey: s.optionalText(4), petitionerCount: s.int(5), gridID: s.text(6),
      location: point(s, 7), dueAt: s.optionalDate(9), closedAt: s.optionalDate(10),
      satisfied: Petition.Satisfaction(rawValue: s.text(11)) ?? .unknown, acceptedAt: s.optionalDate(12))
  }
}

extension Inspection: StorableRecord {
  static var table: RecordTable { .inspections }
  var storeID: String { id }

  func bindContent(to s: PreparedStatement) {
    s.bind(inspectedAt)
    s.bind(shopID)
    s.bind(inspector)
    s.bind(hazardsFound)
    s.bind(majorHazards)
    s.bind(hazardsRectified)
    s.bind(rectifyDue)
    s.bind(rectifiedAt)
    s.bind(result.rawValue)
  }

  init(row s: PreparedStatement) {
    self.init(
      id: s.text(0), inspectedAt: s.date(1), shopID: s.text(2), inspector: s.optionalText(3),
      hazardsFound: s.int(4), majorHazards: s.int(5), hazardsRectified: s.int(6),
      rectifyDue: s.optionalDate(7),
      rectifiedAt: s.optionalDate(8), result: Inspection.Result(rawValue: s.text(9)))
  }
}

/// A point from a `lon, lat` column pair starting at `column`; nil when either is NULL.
private func point(_ s: PreparedStatement, _ column: Int32) -> GeoPoint? {
  guard let lon = s.optionalDouble(column), let lat = s.optionalDouble(column + 1) else { return nil }
  return GeoPoint(lon: lon, lat: lat)
}

/// `Day.iso` (`YYYY-MM-DD`) without `String(format:)`, which costs microseconds per row.
private func isoDay(_ day: Day) -> String {
  let (y, m, d) = day.components
  guard (0...9999).contains(y) else { return day.iso }
  let digit = { (v: Int) in UInt8(truncatingIfNeeded: v % 10) + 0x30 }
  let bytes: [UInt8] = [
    digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), 0x2D, digit(m / 10), digit(m), 0x2D,
    digit(d / 10),
    digit(d),
  ]
  return String(decoding: bytes, as: UTF8.self)
}
