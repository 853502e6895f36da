import Foundation
import LinearAlgebra
import Records

/// Builds the grid and shop feature matrices at one cut day from `EventTables`.
///
/// One pass over each event table (the rows dated on or before the cut), accumulating into
/// contiguous `[Double]` buffers indexed by dense grid and shop numbers; no dictionary is touched
/// per event. Nothing dated after the cut is read: table rows are sorted by day and only the
/// prefix `day <= cut` is visited, and resolutions, closures and rectifications dated after the
/// cut count as not yet happened.
///
/// Exponential decay: an event `a` days old weighs `2^(−a/h)` at half-life h (7, 30, 180 days);
/// events older than 4 · 180 days weigh 0. Each decayed count has a companion window count (events
/// in the last h days) that reason sentences quote.
/// - Complexity: O(events ≤ cut + (grids + shops) · features + adjacency · lagged features).
package struct FeatureBuilder: Sendable {
  package static let halfLives = [7, 30, 180]
  /// Days back a repeat petition is looked for (same petitioner, ≥ 2 petitions).
  package static let repeatWindow: Int32 = 90
  /// Days after a rectification in which an incident at the shop counts as a recurrence.
  package static let recurrenceWindow: Int32 = 90
  /// Days since the last inspection are capped here (and never-inspected shops get it).
  package static let inspectionCap = 730.0
  static let maxLag = 720

  package let index: DistrictIndex
  package let tables: EventTables
  package let shopCategorySeverity: [Double]
  /// `ShopColumns.flags`: bit 0 hazmat, 1 crowded, 2 food.
  package let shopFlags: [UInt8]
  package let shopOpened: [Int32]
  package let shopOpen: [Bool]
  /// The incidents grid by grid, and the inspections and incidents at shops shop by shop, when
  /// this builder is to build at many cuts (`forManyCuts()`).
  private(set) var incidentsByGrid: IncidentsByGrid?
  private(set) var eventsByShop: EventsByShop?
  let decay: [[Double]]

  package init(shops: ShopColumns, index: DistrictIndex, tables: EventTables, taxonomy: Taxonomy) {
    self.index = index
    self.tables = tables
    let severity = shops.categories.map { Double(taxonomy.defaultSeverity(of: $0)) }
    shopCategorySeverity = shops.category.map { severity[Int($0)] }
    shopFlags = shops.flags
    shopOpened = shops.openedOn.map { $0 == ShopColumns.unknownDay ? EventTables.never : $0 }
    shopOpen = shops.open
    decay = FeatureBuilder.halfLives.map { h in
      (0...FeatureBuilder.maxLag).map { pow(2, -Double($0) / Double(h)) }
    }
  }

  /// The same builder, with the incidents regrouped grid by grid (`IncidentsByGrid`) and the
  /// events at shops shop by shop (`EventsByShop`): the same matrices, made faster at every cut.
  /// Regrouping costs about what one pass in table order saves, so a single scoring does without
  /// it; a fit builds at a dozen cuts.
  package func forManyCuts() -> FeatureBuilder {
    var builder = self
    builder.incidentsByGrid = IncidentsByGrid(tables, grids: index.gridCount)
    builder.eventsByShop = EventsByShop(tables, shops: index.shopCount)
    return builder
  }

  /// Both matrices at `cut` (which must not be after the tables' cutoff). `shopRows`: the shop
  /// matrix holds only these shops (by dense number, in this order), each row exactly as in the
  /// matrix of every shop; nil: every shop.
  package func build(at cut: Day, nearRepeat: NearRepeatModel?, horizon: Int, shopRows: [Int]? = nil) -> (
    grids: FeatureMatrix, shops: FeatureMatrix
  ) {
    let c = Int32(cut.number)
    precondition(c <= tables.cutoff, "features asked after the as-of cutoff")
    let shopAcc = shopPass(c)
    let grid = gridFeatures(c, shops: shopAcc, nearRepeat: nearRepeat, horizon: horizon)
    let shops = shopFeatures(c, acc: shopAcc, grid: grid, rows: shopRows)
    return (grid, shops)
  }

  // MARK: - Shops

  /// Per-shop accumulators of one cut, kept per shop side by side (shop s's field f at
  /// s · `fields` + f), so that one inspection or incident touches one or two adjacent cache
  /// lines instead of one per field in arrays of a million shops. Each field still adds its
  /// events in table order: the same sums as one array per field.
  struct ShopAccumulators {
    enum Field: Int, CaseIterable {
      case incidents30, incidents180, severe180, win30, win180, winSevere180, hazards180, winHazards180
      case major180, winMajor180, suspended180, openHazards, overdueHazards, overdueDays, recurrences
      /// The day of the last inspection (an `Int32` day number, exact as a `Double`),
      /// `EventTables.never` when none.
      case lastInspected
    }
    static let fields = Field.allCases.count
    let count: Int
    var values: [Double]

    init(count: Int) {
      self.count = count
      values = [Double](repeating: 0, count: count * Self.fields)
      for s in 0..<count {
        values[s * Self.fields + Field.lastInspected.rawValue] = Double(EventTables.never)
      }
    }

    subscript(shop: Int, field: Field) -> Double { values[shop * Self.fields + field.rawValue] }

    /// `field` of every shop, or of the shops `rows` in their order.
    func column(_ field: Field, rows: [Int]? = nil) -> [Double] {
      let n = rows?.count ?? count
      return [Double](unsafeUninitializedCapacity: n) { column, initialized in
        if n > 0 { write(field, rows: rows, range: 0..<n, into: column.baseAddress!) }
        initialized = n
      }
    }

    /// `field` of the shops `rows[range]` (of shops `range` when `rows` is nil) at `column[range]`.
    func write(_ field: Field, rows: [Int]?, range: Range<Int>, into column: UnsafeMutablePointer<Double>) {
      let f = field.rawValue
      values.withUnsafeBufferPointer { v in
        if let rows {
          for r in range { column[r] = v[rows[r] * Self.fields + f] }
        } else {
          for r in range { column[r] = v[r * Self.fields + f] }
        }
      }
    }
  }

  func shopPass(_ c: Int32) -> ShopAccumulators {
    let n = index.shopCount
    var acc = ShopAccumulators(count: n)
    let stride = ShopAccumulators.fields
    let t = tables
    let d30 = decay[1]
    let d180 = decay[2]
    typealias F = ShopAccumulators.Field
    acc.values.withUnsafeMutableBufferPointer { a in
      /// Adds an inspection of shop `s` on or before the cut: hazards, open and overdue hazards at
      /// the cut, last inspection. Returns the day its hazards were rectified, when that is on or
      /// before the cut and some were.
      @inline(__always)
      func inspection(
        _ s: Int, day: Int32, hazards: Int32, major: Int32, suspended: Bool, rectified: Int32,
        rectifiedDay fixedDay: Int32, due: Int32
      ) -> Int32? {
        let lag = Int(c - day)
        a[s * stride + F.lastInspected.rawValue] = Double(day)
        let found = Double(hazards)
        if lag <= FeatureBuilder.maxLag {
          a[s * stride + F.hazards180.rawValue] += found * d180[lag]
          a[s * stride + F.major180.rawValue] += Double(major) * d180[lag]
          if suspended { a[s * stride + F.suspended180.rawValue] += d180[lag] }
        }
        if lag < 180 {
          a[s * stride + F.winHazards180.rawValue] += found
          a[s * stride + F.winMajor180.rawValue] += Double(major)
        }
        guard found > 0 else { return nil }
        let fixed = fixedDay <= c ? Double(rectified) : 0
        let open = max(0, found - fixed)
        a[s * stride + F.openHazards.rawValue] += open
        if open > 0, due < c {
          a[s * stride + F.overdueHazards.rawValue] += open
          a[s * stride + F.overdueDays.rawValue] = max(
            a[s * stride + F.overdueDays.rawValue], Double(c - due))
        }
        return fixedDay <= c && fixed > 0 ? fixedDay : nil
      }
      /// Adds an incident at shop `s` on or before the cut; `lastRectified`: the latest day before
      /// it on which the shop's hazards were rectified (`EventTables.never` when none).
      @inline(__always)
      func incident(_ s: Int, day: Int32, severity: UInt8, lastRectified fixed: Int32) {
        let lag = Int(c - day)
        let severe = severity >= 2
        if lag <= FeatureBuilder.maxLag {
          a[s * stride + F.incidents30.rawValue] += d30[lag]
          a[s * stride + F.incidents180.rawValue] += d180[lag]
          if severe { a[s * stride + F.severe180.rawValue] += d180[lag] }
        }
        if lag < 30 { a[s * stride + F.win30.rawValue] += 1 }
        if lag < 180 {
          a[s * stride + F.win180.rawValue] += 1
          if severe { a[s * stride + F.winSevere180.rawValue] += 1 }
          if fixed != EventTables.never, day - fixed <= FeatureBuilder.recurrenceWindow {
            a[s * stride + F.recurrences.rawValue] += 1
          }
        }
      }
      if let e = eventsByShop {
        // Shop by shop, each shop's events in table order (so by day, up to the first after the
        // cut); its rectifications in day order for the recurrences.
        var fixes: [Int32] = []
        for s in 0..<n {
          fixes.removeAll(keepingCapacity: true)
          for k in e.inspections(of: s) {
            let day = e.inspectionDay[k]
            if day > c { break }
            let fixed = inspection(
              s, day: day, hazards: e.hazards[k], major: e.major[k], suspended: e.suspended[k],
              rectified: e.rectified[k], rectifiedDay: e.rectifiedDay[k], due: e.due[k])
            if let fixed { fixes.append(fixed) }
          }
          fixes.sort()
          var (r, lastRectified) = (0, EventTables.never)
          for k in e.incidents(of: s) {
            let day = e.incidentDay[k]
            if day > c { break }
            while r < fixes.count, fixes[r] < day {
              lastRectified = fixes[r]
              r += 1
            }
            incident(s, day: day, severity: e.incidentSeverity[k], lastRectified: lastRectified)
          }
        }
        return
      }
      // In table order: inspections, then incidents at shops merged by day with the
      // rectifications.
      var rectifications: [(day: Int32, shop: Int32)] = []
      for k in 0..<EventTables.prefix(t.inspectionDay, through: c) {
        let s = Int(t.inspectionShop[k])
        let fixed = inspection(
          s, day: t.inspectionDay[k], hazards: t.inspectionHazards[k], major: t.inspectionMajor[k],
          suspended: t.inspectionSuspended[k], rectified: t.inspectionRectified[k],
          rectifiedDay: t.inspectionRectifiedDay[k], due: t.inspectionDue[k])
        if let fixed { rectifications.append((fixed, Int32(s))) }
      }
      rectifications.sort { $0.day < $1.day }
      var lastRectified = [Int32](repeating: EventTables.never, count: n)
      var r = 0
      for k in 0..<EventTables.prefix(t.incidentDay, through: c) {
        let s = Int(t.incidentShop[k])
        if s < 0 { continue }
        let day = t.incidentDay[k]
        while r < rectifications.count, rectifications[r].day < day {
          lastRectified[Int(rectifications[r].shop)] = rectifications[r].day
          r += 1
        }
        incident(s, day: day, severity: t.incidentSeverity[k], lastRectified: lastRectified[s])
      }
    }
    return acc
  }

  /// The shop matrix at cut `c`; `rows`: only these shops, in this order (nil: all).
  func shopFeatures(_ c: Int32, acc: ShopAccumulators, grid: FeatureMatrix, rows: [Int]? = nil)
    -> FeatureMatrix
  {
    // Row r of the matrix is shop `shop(r)`; per-shop columns are gathered when rows are picked.
    let n = rows?.count ?? index.shopCount
    func shop(_ r: Int) -> Int { rows?[r] ?? r }
    func pick<T>(_ v: [T]) -> [T] { rows.map { $0.map { v[$0] } } ?? v }
    /// Writes `field` of each row's shop into a column.
    func a(_ field: ShopAccumulators.Field) -> FeatureColumns.Fill {
      { r, column in acc.write(field, rows: rows, range: r, into: column) }
    }
    var cols = FeatureColumns(rows: n)
    func d(_ name: String, _ family: String, _ t: FeatureTransform, _ zh: String, _ en: String)
      -> FeatureDescriptor
    {
      FeatureDescriptor(name: name, family: family, transform: t, zh: zh, en: en)
    }
    cols.add(
      d(
        "shop.incidents.hl30", "shop.incidents", .log1p, "近30天本店发生案事件 {n} 起",
        "{n} incidents at the shop in the last 30 days"), a(.incidents30), display: a(.win30))
    cols.add(
      d(
        "shop.incidents.hl180", "shop.incidents", .log1p, "近180天本店发生案事件 {n} 起",
        "{n} incidents at the shop in the last 180 days"), a(.incidents180), display: a(.win180))
    cols.add(
      d(
        "shop.severe.hl180", "shop.incidents", .log1p, "近180天本店发生较重(2级以上)案事件 {n} 起",
        "{n} incidents of severity 2+ at the shop in the last 180 days"), a(.severe180),
      display: a(.winSevere180))
    cols.add(
      d(
        "shop.hazards.hl180", "shop.hazards", .log1p, "近180天检查发现隐患 {n} 项",
        "{n} hazards found by inspections in the last 180 days"), a(.hazards180),
      display: a(.winHazards180))
    cols.add(
      d(
        "shop.major_hazards.hl180", "shop.major", .log1p, "近180天检查发现重大隐患 {n} 项",
        "{n} major hazards found in the last 180 days"), a(.major180), display: a(.winMajor180))
    cols.add(
      d(
        "shop.suspended.hl180", "shop.suspended", .log1p, "近期曾被责令停业整顿",
        "recently ordered to suspend business"), a(.suspended180))
    cols.add(
      d(
        "shop.open_hazards", "shop.open", .log1p, "{n} 项隐患尚未整改",
        "{n} hazards not yet rectified"), a(.openHazards))
    cols.add(
      d(
        "shop.overdue_hazards", "shop.overdue", .log1p, "{n} 项隐患逾期未整改",
        "{n} hazards past their rectification deadline"), a(.overdueHazards))
    cols.add(
      d(
        "shop.overdue_days", "shop.overdue", .log1p, "隐患整改已逾期 {n} 天",
        "hazard rectification {n} days overdue"), a(.overdueDays))
    var since = [Double](repeating: FeatureBuilder.inspectionCap, count: n)
    let lastInspected = acc.column(.lastInspected, rows: rows)
    for s in 0..<n where lastInspected[s] != Double(EventTables.never) {
      since[s] = min(FeatureBuilder.inspectionCap, Double(c - Int32(lastInspected[s])))
    }
    cols.add(
      d(
        "shop.days_since_inspection", "shop.uninspected", .log1p, "已 {n} 天未接受安全检查",
        "not inspected for {n} days"), since)
    cols.add(
      d(
        "shop.recurrence.d90", "shop.recurrence", .log1p, "隐患整改后90天内又发生案事件 {n} 起",
        "{n} incidents within 90 days after a hazard was marked rectified"), a(.recurrences))
    let flagNames: [(String, String, String)] = [
      ("hazmat", "涉危涉爆重点场所", "hazardous-materials site"),
      ("crowded", "人员密集重点场所", "crowded venue"), ("food", "食品药品经营场所", "food or drugs"),
    ]
    for (bit, f) in flagNames.enumerated() {
      let v = pick(shopFlags).map { Double(($0 >> UInt8(bit)) & 1) }
      cols.add(d("shop.flag.\(f.0)", "shop.flag.\(f.0)", .identity, f.1, f.2), v)
    }
    cols.add(
      d(
        "shop.category.severity", "shop.category", .identity, "行业固有风险等级为 {n} 级",
        "trade carries inherent risk level {n}"), pick(shopCategorySeverity))
    let newShop = (0..<n).map { r -> Double in
      let o = shopOpened[shop(r)]
      return o != EventTables.never && o <= c && c - o < 180 ? 1 : 0
    }
    cols.add(d("shop.new", "shop.new", .identity, "开业不足半年", "opened less than six months ago"), newShop)
    let closed = pick(shopOpen).map { $0 ? 0.0 : 1.0 }
    cols.add(d("shop.closed", "shop.closed", .identity, "已停业", "closed"), closed)

    // The grid's context feeds the shop.
    let context: [(String, String, String, String)] = [
      (
        "incidents.all.hl30", "shop.grid", "所在网格近30天案事件 {n} 起",
        "{n} incidents in its grid in the last 30 days"
      ),
      (
        "incidents.severe.hl180", "shop.grid", "所在网格近180天较重案事件 {n} 起",
        "{n} severity 2+ incidents in its grid in the last 180 days"
      ),
      (
        "nearrepeat", "shop.grid.nearrepeat", "所在网格近期案事件带来短期重复风险,预计 {n} 起",
        "recent incidents in its grid raise near-term risk: {n} expected"
      ),
      (
        "lag.incidents.hl30", "shop.grid.lag", "所在网格的相邻网格近30天案事件 {n} 起",
        "{n} incidents around its grid in the last 30 days"
      ),
    ]
    for (name, family, zh, en) in context {
      guard let j = grid.column(named: name) else { continue }
      var v = [Double](repeating: 0, count: n)
      var shown = [Double](repeating: 0, count: n)
      let gv = grid.values.column(j)
      let gd = grid.display.column(j)
      for r in 0..<n {
        let g = Int(index.gridOfShop[shop(r)])
        if g >= 0 {
          v[r] = gv[g]
          shown[r] = gd[g]
        }
      }
      var desc = grid.descriptors[j]
      desc.name = "grid." + name
      desc.family = family
      desc.zh = zh
      desc.en = en
      cols.add(desc, v, display: shown)
    }
    return cols.build()
  }
}
