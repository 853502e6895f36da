import Foundation
import Records

/// Turns one row's cell texts (indexed like `kind.fields`) into a record: trims and width-folds
/// values, parses numbers, times and labels, maps categories through the taxonomy, converts
/// coordinates to WGS-84, resolves the grid and pseudonymizes the petitioner. Pure: no I/O.
struct RowNormalizer: Sendable {
  let kind: FileKind
  let options: IngestOptions
  let time: TimeParser
  /// Each `CanonicalField`'s position in the row's cells (`kind.fields` order), -1 when the kind
  /// has no such field: a cell is found without hashing its field's name.
  private let slots: [Int]
  /// Each enumerated field's value labels (`AliasMap.labels`), by `CanonicalField`, read once.
  private let labels: [[String: String]?]
  /// Taxonomy lookup by `TextNormalization.key` of every code, label, English name and alias
  /// (first wins, as in `Taxonomy.resolve`), built once so rows do not re-normalize the taxonomy.
  private let categories: [String: String]

  init(kind: FileKind, options: IngestOptions) {
    self.kind = kind
    self.options = options
    time = TimeParser(zone: options.timeZone)
    let index = Dictionary(uniqueKeysWithValues: kind.fields.enumerated().map { ($1.name, $0) })
    slots = CanonicalField.allCases.map { index[$0.name] ?? -1 }
    labels = CanonicalField.allCases.map { options.aliases.labels(field: $0.name, kind: kind) }
    var categories: [String: String] = [:]
    for c in options.taxonomy.categories {
      for name in [c.code, c.label, c.en] + c.aliases {
        let key = TextNormalization.key(name)
        if categories[key] == nil { categories[key] = c.code }
      }
    }
    self.categories = categories
  }

  /// What normalizing one row gave: the record or the problem, and the category label the
  /// taxonomy did not know (the record then carries `other`).
  struct Outcome {
    var result: Result<NormalizedRecord, RowProblem>
    var unknownCategory: String?
  }

  /// `cleaned`: the cells are `TextNormalization.clean` already (the delimited reader cleans
  /// them from their bytes), so they are not cleaned again.
  func normalize(_ cells: [String], cleaned: Bool = false) -> Outcome {
    var unknown: String? = nil
    do {
      let record = try build(Cells(cells: cells, slots: slots, cleaned: cleaned), unknownCategory: &unknown)
      return Outcome(result: .success(record), unknownCategory: unknown)
    } catch {
      return Outcome(result: .failure(error), unknownCategory: nil)
    }
  }

  /// Cell access by canonical field name; absent columns read as empty.
  struct Cells {
    let cells: [String]
    let slots: [Int]
    let cleaned: Bool

    func text(_ field: CanonicalField) -> String {
      let i = slots[field.rawValue]
      guard i >= 0, i < cells.count else { return "" }
      return cleaned ? cells[i] : TextNormalization.clean(cells[i])
    }
  }

  private func build(_ c: Cells, unknownCategory: inout String?) throws(RowProblem) -> NormalizedRecord {
    switch kind {
    case .records(.grids):
      let id = try required(c, .gridID)
      return .grid(
        Grid(
          id: id, name: c.text(.name), subdistrictID: try required(c, .subdistrictID),
          communityID: try required(c, .communityID),
          kind: try label(c, .kind).map { Grid.Kind(rawValue: $0)! } ?? .urban,
          households: try int(c, .households, atLeast: 0), population: try int(c, .population, atLeast: 0),
          location: try point(c)))
    case .records(.gridAdjacency):
      let a = try required(c, .gridID)
      let b = try required(c, .neighborID)
      guard a != b else { throw RowProblem(field: "neighbor_id", reason: "a grid cannot neighbour itself") }
      return .adjacency(GridAdjacency(gridID: a, neighborID: b))
    case .records(.streets):
      return .street(
        Street(
          id: try required(c, .streetID), name: try required(c, .name),
          subdistrictID: try required(c, .subdistrictID), chief: try required(c, .chief),
          members: Street.Member.parseList(c.text(.members)), partner: nonEmpty(c.text(.partner)),
          dailyCapacity: try int(c, .dailyCapacity, atLeast: 1) ?? Street.defaultDailyCapacity))
    case .records(.shops):
      let id = try required(c, .shopID)
      let name = try required(c, .name)
      let street = try required(c, .streetID)
      let location = try point(c)
      let grid = try resolveGrid(c, point: location, allowShop: false)
      return .shop(
        Shop(
          id: id, name: name, streetID: street, gridID: grid,
          category: try category(c, unknown: &unknownCategory), flags: flags(c.text(.flags)),
          location: location, openedOn: try day(c, .openedOn),
          status: try label(c, .status).map { Shop.Status(rawValue: $0)! } ?? .open))
    case .records(.incidents):
      let id = try required(c, .incidentID)
      let occurred = try requiredTime(c, .occurredAt)
      let code = try category(c, unknown: &unknownCategory)
      let severity =
        try label(c, .severity).map { Int($0)! } ?? options.taxonomy.defaultSeverity(of: code)
      let location = try point(c)
      return .incident(
        Incident(
          id: id, occurredAt: occurred, category: code, severity: severity,
          gridID: try resolveGrid(c, point: location, allowShop: true), location: location,
          shopID: nonEmpty(c.text(.shopID)),
          status: try label(c, .status).map { Incident.Status(rawValue: $0)! } ?? .open,
          resolvedAt: try optionalTime(c, .resolvedAt), source: nonEmpty(c.text(.source))))
    case .records(.petitions):
      let id = try required(c, .petitionID)
      let received = try requiredTime(c, .receivedAt)
      let code = try category(c, unknown: &unknownCategory)
      let location = try point(c)
      return .petition(
        Petition(
          id: id, receivedAt: received,
          channel: try label(c, .channel).map { Petition.Channel(rawValue: $0)! }, category: code,
          petitionerKey: options.key.pseudonym(of: c.text(.petitionerID)),
          petitionerCount: try int(c, .petitionerCount, atLeast: 1) ?? 1,
          gridID: try resolveGrid(c, point: location, allowShop: false), location: location,
          dueAt: try optionalTime(c, .dueAt), closedAt: try optionalTime(c, .closedAt),
          satisfied: try label(c, .satisfied).map { Petition.Satisfaction(rawValue: $0)! } ?? .unknown,
          acceptedAt: try optionalTime(c, .acceptedAt)))
    case .records(.inspections):
      let found = try int(c, .hazardsFound, atLeast: 0)
      guard let found else {
        throw RowProblem(field: "hazards_found", reason: "required value is empty")
      }
      return .inspection(
        Inspection(
          id: try required(c, .inspectionID), inspectedAt: try requiredTime(c, .inspectedAt),
          shopID: try required(c, .shopID), inspector: nonEmpty(c.text(.inspector)), hazardsFound: found,
          majorHazards: try int(c, .majorHazards, atLeast: 0) ?? 0,
          hazardsRectified: try int(c, .hazardsRectified, atLeast: 0) ?? 0,
          rectifyDue: try optionalTime(c, .rectifyDue), rectifiedAt: try optionalTime(c, .rectifiedAt),
          result: try label(c, .result).map { Inspection.Result(rawValue: $0)! }))
    case .addresses:
      return .address(AddressEntry(address: try required(c, .address), gridID: try required(c, .gridID)))
    case .boundaries:
      throw RowProblem(field: nil, reason: "boundaries are read from GeoJSON, not from rows")
    }
  }

  // MARK: - Values

  private func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

  private func required(_ c: Cells, _ field: CanonicalField) throws(RowProblem) -> String {
    let v = c.text(field)
    guard !v.isEmpty else { throw RowProblem(field: field.name, reason: "required value is empty") }
    return v
  }

  /// An integer ≥ `atLeast`; thousands separators and a zero fraction (`3.0`, Excel) accepted.
  private func int(_ c: Cells, _ field: CanonicalField, atLeast minimum: Int) throws(RowProblem) -> Int? {
    var v = c.text(field)
    guard !v.isEmpty else { return nil }
    v.removeAll { $0 == "," || $0 == " " }
    let parsed: Int?
    if let i = Int(v) {
      parsed = i
    } else if let d = Double(v), d.isFinite, d == d.rounded(), abs(d) < 1e15 {
      parsed = Int(d)
    } else {
      parsed = nil
    }
    guard let parsed else { throw RowProblem(field: field.name, reason: "'\(v)' is not a whole number") }
    guard parsed >= minimum else {
      throw RowProblem(field: field.name, reason: "\(parsed) is below \(minimum)")
    }
    return parsed
  }

  private func requiredTime(_ c: Cells, _ field: CanonicalField) throws(RowProblem) -> Date {
    guard let t = try optionalTime(c, field) else {
      throw RowProblem(field: field.name, reason: "required value is empty")
    }
    return t
  }

  private func optionalTime(_ c: Cells, _ field: CanonicalField) throws(RowProblem) -> Date? {
    let v = c.text(field)
    guard !v.isEmpty else { return nil }
    guard let t = time.parse(v) else {
      throw RowProblem(
        field: field.name,
        reason: "'\(v)' is not a time (use e.g. 2022-03-05 14:03, 2022/3/5, 20220305, 2022年3月5日)")
    }
    return t
  }

  private func day(_ c: Cells, _ field: CanonicalField) throws(RowProblem) -> Day? {
    try optionalTime(c, field).map { Day($0, in: options.timeZone) }
  }

  /// The canonical value of an enumerated field, through the aliases' value labels.
  private func label(_ c: Cells, _ field: CanonicalField) throws(RowProblem) -> String? {
    let v = c.text(field)
    guard !v.isEmpty else { return nil }
    if let value = labels[field.rawValue]?[TextNormalization.key(v)] { return value }
    let accepted = ValueLabels.builtIn[kind.name]?[field.name]?.keys.sorted() ?? []
    throw RowProblem(
      field: field.name,
      reason: "unknown value '\(v)' (accepted: \(accepted.joined(separator: ", "))); "
        + "map it under `values:` in models/aliases.yaml")
  }

  private func category(_ c: Cells, unknown: inout String?) throws(RowProblem) -> String {
    let v = try required(c, .category)
    if let code = categories[TextNormalization.key(v)] ?? options.taxonomy.resolve(v)?.code { return code }
    unknown = v
    return Taxonomy.other
  }

  /// `a;b` flags (also `；，,、|`), each a flag code or its Chinese label; unknown flags are kept as
  /// written, lower-cased.
  private func flags(_ text: String) -> Set<String> {
    var out: Set<String> = []
    for part in text.split(whereSeparator: { ";；,，、|".contains($0) }) {
      let item = TextNormalization.clean(String(part))
      guard !item.isEmpty else { continue }
      out.insert(labels[CanonicalField.flags.rawValue]?[TextNormalization.key(item)] ?? item.lowercased())
    }
    return out
  }

  // MARK: - Locations

  /// `lon`/`lat` in the input's coordinate system, converted to WGS-84; nil when both are empty.
  private func point(_ c: Cells) throws(RowProblem) -> GeoPoint? {
    let lonText = c.text(.lon)
    let latText = c.text(.lat)
    if lonText.isEmpty && latText.isEmpty { return nil }
    guard let lon = Double(lonText), lon.isFinite, (-180...180).contains(lon) else {
      throw RowProblem(field: "lon", reason: "'\(lonText)' is not a longitude in degrees")
    }
    guard let lat = Double(latText), lat.isFinite, (-90...90).contains(lat) else {
      throw RowProblem(field: "lat", reason: "'\(latText)' is not a latitude in degrees")
    }
    return options.crs.toWGS84(GeoPoint(lon: lon, lat: lat))
  }

  /// `grid_id` as given; else the boundary containing the point; else the address table; else
  /// (incidents) the grid of the shop.
  private func resolveGrid(_ c: Cells, point: GeoPoint?, allowShop: Bool) throws(RowProblem) -> String {
    let given = c.text(.gridID)
    let resolver = options.resolver
    if !given.isEmpty {
      guard resolver.isKnown(grid: given) else {
        throw RowProblem(field: "grid_id", reason: "unknown grid '\(given)'; ingest the grids file first")
      }
      return given
    }
    var tried: [String] = []
    if let point {
      if let g = resolver.grid(containing: point) { return g }
      tried.append(
        resolver.hasBoundaries
          ? "lon/lat (\(Canonical.degrees(point.lon)), \(Canonical.degrees(point.lat))) lie in no grid boundary"
          : "lon/lat given but no grid boundaries are loaded")
    }
    let address = c.text(.address)
    if !address.isEmpty {
      if let g = resolver.grid(forAddress: address) { return g }
      tried.append(
        resolver.hasAddresses
          ? "the address matches no entry of the address table"
          : "an address given but no address table is loaded")
    }
    let shop = c.text(.shopID)
    if allowShop, !shop.isEmpty {
      if let g = resolver.grid(ofShop: shop) { return g }
      tried.append("shop '\(shop)' is not known")
    }
    if tried.isEmpty {
      throw RowProblem(field: "grid_id", reason: "no location: give grid_id, lon+lat or address")
    }
    throw RowProblem(field: "grid_id", reason: "location does not resolve: " + tried.joined(separator: "; "))
  }
}
