import Foundation
import Records
import Synthetic
import TestSupport
import Testing

@Suite("Synthetic district: calibration and structure")
struct GeneratorTests {
  let district = GeneratedDistrict.small

  @Test("every calibrated figure is within 15% at scale 0.1 (counts of a few hundred are noisy)")
  func calibration() {
    let report = district.report
    #expect(report.figures.count == 20)
    for f in report.figures {
      #expect(f.within(0.15), "\(f.name): target \(f.target), produced \(f.produced)")
    }
    // Exact by construction: counts apportioned, not sampled.
    for name in ["grids", "shops", "streets", "subdistricts", "communities", "inspections"] {
      #expect(report.figure(name)?.deviation == 0, "\(name)")
    }
  }

  @Test("the report's figures are the files' contents")
  func reportMatchesFiles() throws {
    let r = district.report
    let years = Double(district.options.years)
    #expect(Double(try district.csv("grids.csv").rows.count) == r.figure("grids")?.produced)
    #expect(Double(try district.csv("shops.csv").rows.count) == r.figure("shops")?.produced)
    #expect(Double(try district.csv("streets.csv").rows.count) == r.figure("streets")?.produced)
    #expect(
      Double(try district.csv("incidents.csv").rows.count) / years == r.figure("incidents per year")?.produced
    )
    #expect(
      Double(try district.csv("petitions.csv").rows.count) / years == r.figure("petitions per year")?.produced
    )
    #expect(Double(try district.csv("inspections.csv").rows.count) == r.figure("inspections")?.produced)
    let disputes = try district.csv("incidents.csv").values("category").filter { $0.hasPrefix("dispute.") }
    #expect(Double(disputes.count) / years == r.figure("disputes per year")?.produced)
  }

  @Test("every file has the canonical columns in order")
  func columns() throws {
    let kinds: [(String, RecordKind)] = [
      ("grids.csv", .grids), ("grid_adjacency.csv", .gridAdjacency), ("streets.csv", .streets),
      ("shops.csv", .shops), ("incidents.csv", .incidents), ("petitions.csv", .petitions),
      ("inspections.csv", .inspections),
    ]
    for (file, kind) in kinds {
      let csv = try district.csv(file)
      #expect(csv.header == kind.columns, "\(file)")
      #expect(csv.rows.allSatisfy { $0.count == kind.columns.count }, "\(file)")
    }
    #expect(try district.csv("addresses.csv").header == ["address", "grid_id"])
  }

  /// Grid polygons from grids.geojson: grid id → closed outer ring.
  func polygons() throws -> [String: [[Double]]] {
    let data = try Data(contentsOf: district.directory.appendingPathComponent("grids.geojson"))
    let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    #expect(json["type"] as? String == "FeatureCollection")
    var result: [String: [[Double]]] = [:]
    for feature in json["features"] as! [[String: Any]] {
      let id = (feature["properties"] as! [String: Any])["grid_id"] as! String
      let geometry = feature["geometry"] as! [String: Any]
      #expect(geometry["type"] as? String == "Polygon")
      let rings = geometry["coordinates"] as! [[[Double]]]
      result[id] = rings[0]
    }
    return result
  }

  /// Ray-casting point-in-polygon (Shimrat 1962).
  func contains(_ ring: [[Double]], _ x: Double, _ y: Double) -> Bool {
    var inside = false
    var j = ring.count - 1
    for i in 0..<ring.count {
      let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
      if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
      j = i
    }
    return inside
  }

  @Test("every grid has one closed, counter-clockwise polygon")
  func boundaries() throws {
    let polygons = try polygons()
    let grids = try district.csv("grids.csv").values("grid_id")
    #expect(Set(polygons.keys) == Set(grids))
    for (id, ring) in polygons {
      #expect(ring.first! == ring.last!, "\(id) ring not closed")
      // Shoelace formula: positive signed area = counter-clockwise.
      var twiceArea = 0.0
      for i in 0..<(ring.count - 1) { twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] }
      #expect(twiceArea > 0, "\(id) ring is clockwise")
    }
  }

  @Test("adjacency is symmetric and is exactly the pairs of polygons sharing an edge")
  func adjacency() throws {
    let polygons = try polygons()
    var owners: [String: [String]] = [:]
    for (id, ring) in polygons {
      for i in 0..<(ring.count - 1) {
        let a = "\(ring[i][0]),\(ring[i][1])"
        let b = "\(ring[i + 1][0]),\(ring[i + 1][1])"
        owners[min(a, b) + "|" + max(a, b), default: []].append(id)
      }
    }
    var fromEdges = Set<String>()
    for ids in owners.values where ids.count == 2 {
      fromEdges.insert(ids[0] + ">" + ids[1])
      fromEdges.insert(ids[1] + ">" + ids[0])
    }
    let rows = try district.csv("grid_adjacency.csv").rows
    let listed = Set(rows.map { $0[0] + ">" + $0[1] })
    #expect(listed.count == rows.count)
    #expect(listed == fromEdges)
  }

  @Test("shops lie in their grid's polygon; their grid and street exist; categories are shop codes")
  func shops() throws {
    let polygons = try polygons()
    let streets = Set(try district.csv("streets.csv").values("street_id"))
    let shops = try district.csv("shops.csv")
    let (g, s, lon, lat, cat, flags) = (
      shops.column("grid_id"), shops.column("street_id"), shops.column("lon"), shops.column("lat"),
      shops.column("category"), shops.column("flags")
    )
    let shopCodes = Set(Fixtures.taxonomy.codes(in: .shop))
    for row in shops.rows {
      #expect(streets.contains(row[s]))
      let ring = try #require(polygons[row[g]])
      #expect(contains(ring, Double(row[lon])!, Double(row[lat])!))
      #expect(shopCodes.contains(row[cat]))
      #expect(
        row[flags].split(separator: ";").allSatisfy { ["hazmat", "crowded", "food"].contains(String($0)) })
    }
  }

  @Test("streets have a chief, the four core roles, a partner and a capacity")
  func streets() throws {
    let streets = try district.csv("streets.csv")
    for row in streets.rows {
      #expect(!row[streets.column("chief")].isEmpty)
      let roles = Set(Street.Member.parseList(row[streets.column("members")]).map(\.role))
      #expect(roles.isSuperset(of: ["城管", "民警", "市场监管", "网格员"]))
      #expect(row[streets.column("partner")].hasSuffix("商户自治联合会"))
      #expect((Int(row[streets.column("daily_capacity")]) ?? 0) > 0)
    }
  }

  @Test("incidents and petitions are located by exactly one path, and each resolves to a grid")
  func locations() throws {
    let polygons = try polygons()
    let addresses = Dictionary(
      uniqueKeysWithValues: try district.csv("addresses.csv").rows.map { ($0[0], $0[1]) })
    var paths = [0, 0, 0]
    for file in ["incidents.csv", "petitions.csv"] {
      let csv = try district.csv(file)
      let (g, lon, lat, address) = (
        csv.column("grid_id"), csv.column("lon"), csv.column("lat"), csv.column("address")
      )
      for row in csv.rows {
        let given = [!row[g].isEmpty, !row[lon].isEmpty && !row[lat].isEmpty, !row[address].isEmpty]
        #expect(given.filter { $0 }.count == 1)
        if given[0] {
          paths[0] += 1
          #expect(polygons[row[g]] != nil)
        } else if given[1] {
          paths[1] += 1
          let x = Double(row[lon])!
          let y = Double(row[lat])!
          #expect(polygons.values.filter { contains($0, x, y) }.count == 1)
        } else {
          paths[2] += 1
          #expect(addresses[row[address]] != nil)
        }
      }
    }
    #expect(paths.allSatisfy { $0 > 0 })
  }

  @Test(
    "incident categories, severities and statuses follow the contract; disputes end mediated, failed or escalated"
  )
  func incidents() throws {
    let csv = try district.csv("incidents.csv")
    let shops = Set(try district.csv("shops.csv").values("shop_id"))
    let end = district.options.end.iso
    var withShop = 0
    var open = 0
    for row in csv.rows {
      let code = row[csv.column("category")]
      let status = row[csv.column("status")]
      let resolved = row[csv.column("resolved_at")]
      let category = try #require(Fixtures.taxonomy.category(code: code))
      #expect(category.domain == .incident || category.domain == .dispute)
      #expect((1...4).contains(Int(row[csv.column("severity")]) ?? 0))
      #expect(
        row[csv.column("occurred_at")].count == 19 && row[csv.column("occurred_at")] <= end + "T23:59:59")
      if code.hasPrefix("dispute.") {
        #expect(["open", "mediated", "failed", "escalated"].contains(status))
      } else {
        #expect(["open", "resolved"].contains(status))
      }
      #expect((status == "open") == resolved.isEmpty)
      if !resolved.isEmpty { #expect(resolved >= row[csv.column("occurred_at")]) }
      if status == "open" { open += 1 }
      let shop = row[csv.column("shop_id")]
      if !shop.isEmpty {
        withShop += 1
        #expect(shops.contains(shop))
      }
    }
    #expect(withShop > 0)
    #expect(open > 0)
  }

  @Test(
    "petitions: collective ones have ≥ 5 people, petitioner ids pass the check digit, some petitioners repeat"
  )
  func petitions() throws {
    let csv = try district.csv("petitions.csv")
    var seen = Set<String>()
    var repeats = 0
    var collective = 0
    for row in csv.rows {
      let id = row[csv.column("petitioner_id")]
      if id.count == 18 {
        #expect(ResidentIDCheck.isValid(id))
      } else {
        #expect(id.count == 11 && id.allSatisfy(\.isNumber))
      }
      if !seen.insert(id).inserted { repeats += 1 }
      let count = Int(row[csv.column("petitioner_count")])!
      #expect(count >= 1)
      if count >= 5 { collective += 1 }
      #expect(["visit", "letter", "online", "hotline"].contains(row[csv.column("channel")]))
      #expect(Fixtures.taxonomy.category(code: row[csv.column("category")])?.domain == .petition)
    }
    #expect(
      Double(collective) / Double(csv.rows.count) == district.report.figure("collective petitions")?.produced)
    #expect(repeats > 0)
  }

  @Test("inspections: rectified ≤ found, major ≤ found, results match, some overdue and some open at the end")
  func inspections() throws {
    let csv = try district.csv("inspections.csv")
    var late = 0
    for row in csv.rows {
      let found = Int(row[csv.column("hazards_found")])!
      let major = Int(row[csv.column("major_hazards")])!
      let rectified = Int(row[csv.column("hazards_rectified")])!
      let result = row[csv.column("result")]
      #expect(rectified <= found && major <= found)
      #expect((found == 0) == (result == "pass"))
      if result == "suspended" { #expect(major > 0) }
      let due = row[csv.column("rectify_due")]
      let at = row[csv.column("rectified_at")]
      if !at.isEmpty && String(at.prefix(10)) > due { late += 1 }
    }
    #expect(late > 0)
  }

  @Test("ranking grids by the planted latent rate finds next month's severity ≥ 2 incidents")
  func truthRanks() throws {
    // Donghe's size, one year: ~800 severe incidents next month over 872 grids, so the counts are
    // mostly 0, 1 and 2 and Poisson noise caps any ranking's correlation near 0.6–0.7.
    let d = try GeneratedDistrict(scale: 1, seed: 11, years: 1)
    let truth = try d.csv("truth/grid_risk.csv")
    let latent = truth.values("latent_rate").map { Double($0)! }
    let severe = truth.values("realized_severe_next_30d").map { Double($0)! }
    let rho = Rank.spearman(latent, severe)
    #expect(rho > 0.5, "Spearman ρ = \(rho)")
    // The top tenth of grids by latent rate holds well over a tenth of the severe incidents.
    let order = latent.indices.sorted { latent[$0] > latent[$1] }
    let top = order.prefix(latent.count / 10).reduce(0.0) { $0 + severe[$1] }
    #expect(top / severe.reduce(0, +) > 0.25, "top-decile share \(top / severe.reduce(0, +))")
  }
}

/// The GB 11643 check, restated here so the test does not trust the generator's own code.
enum ResidentIDCheck {
  static func isValid(_ id: String) -> Bool {
    let chars = Array(id)
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    guard chars.count == 18 else { return false }
    var sum = 0
    for i in 0..<17 {
      guard let d = chars[i].wholeNumberValue else { return false }
      sum += d * weights[i]
    }
    return chars[17] == Array("10X98765432")[sum % 11]
  }
}

/// Spearman's rank correlation with average ranks for ties (Spearman 1904).
enum Rank {
  static func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var r = [Double](repeating: 0, count: x.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
      for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
      i = j + 1
    }
    return r
  }

  static func spearman(_ a: [Double], _ b: [Double]) -> Double {
    let ra = ranks(a)
    let rb = ranks(b)
    let ma = ra.reduce(0, +) / Double(ra.count)
    let mb = rb.reduce(0, +) / Double(rb.count)
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in ra.indices {
      sab += (ra[i] - ma) * (rb[i] - mb)
      saa += (ra[i] - ma) * (ra[i] - ma)
      sbb += (rb[i] - mb) * (rb[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
  }
}
