import Foundation
import Records

/// One area on a choropleth map: a grid with its shape, level and rank.
public struct MapRegion: Sendable {
  public var id: String
  public var name: String
  public var polygons: [PolygonRings]
  /// Drawn as a small square where there are no polygons (a grid known only by its centroid).
  public var point: GeoPoint?
  /// `nil`: not scored, drawn grey.
  public var level: RiskLevel?
  /// 1 is the riskiest; the top ranks are labelled.
  public var rank: Int?
  public var score: Double?
  /// The larger unit the region belongs to (its subdistrict): where two neighbours belong to
  /// different groups, their shared edge is drawn as a border.
  public var group: String?

  public init(
    id: String, name: String, polygons: [PolygonRings], point: GeoPoint? = nil, level: RiskLevel?,
    rank: Int? = nil, score: Double? = nil, group: String? = nil
  ) {
    self.group = group
    self.id = id
    self.name = name
    self.polygons = polygons
    self.point = point
    self.level = level
    self.rank = rank
    self.score = score
  }
}

/// An SVG choropleth map of a district: one `<path>` per region filled by its risk level
/// (红/橙/黄/蓝), a legend with the count of regions at each level, the top regions labelled with
/// their rank and name (and listed beside the map, where labels can crowd), group (subdistrict)
/// borders, a title, a scale bar and a north arrow. Equirectangular projection with cos φ scaling (`MapProjection`), fitted to
/// the picture. The output is standalone XML 1.0 (text escaped) that browsers, Inkscape and
/// `rsvg-convert` open.
public struct ChoroplethMap: Sendable {
  public var title: String
  public var subtitle: String
  public var regions: [MapRegion]
  /// How many of the top-ranked regions get a label.
  public var labelTop: Int
  public var language: ReportLanguage
  public var width: Double = 1000
  public var height: Double = 760

  public init(
    title: String, subtitle: String, regions: [MapRegion], labelTop: Int = 10, language: ReportLanguage = .zh
  ) {
    self.title = title
    self.subtitle = subtitle
    self.regions = regions
    self.labelTop = labelTop
    self.language = language
  }

  static let fontFamily =
    "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"

  /// The SVG document.
  /// - Complexity: O(total vertices + regions · log regions).
  public func svg() -> String {
    let mapFrame = (x: 20.0, y: 80.0, width: width - 290, height: height - 140)
    let drawable = regions.filter { !$0.polygons.isEmpty || $0.point != nil }
    let allPoints = drawable.flatMap { region in
      region.polygons.isEmpty ? [region.point!] : region.polygons.flatMap { $0.first ?? [] }
    }
    let projection = MapProjection(fitting: allPoints, into: mapFrame)

    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(n(width))" height="\(n(height))" \
      viewBox="0 0 \(n(width)) \(n(height))" font-family="\(Self.fontFamily)">

      """
    out += "<title>\(e(title))</title>\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
    out +=
      "<text x=\"20\" y=\"36\" font-size=\"22\" font-weight=\"bold\" fill=\"#212529\">\(e(title))</text>\n"
    out += "<text x=\"20\" y=\"60\" font-size=\"13\" fill=\"#495057\">\(e(subtitle))</text>\n"

    // Regions, sorted by id so reruns give the same bytes.
    var labelAnchors: [(rank: Int, name: String, x: Double, y: Double)] = []
    out += "<g id=\"grids\" stroke=\"#ffffff\" stroke-width=\"0.8\" stroke-linejoin=\"round\">\n"
    if let projection {
      for region in drawable.sorted(by: { $0.id < $1.id }) {
        let (d, anchor) = pathData(region, projection)
        let fill = region.level.map(LevelStyle.fill) ?? LevelStyle.unscoredFill
        var tooltip = region.name.isEmpty ? region.id : "\(region.id) \(region.name)"
        if let level = region.level { tooltip += " · \(language.levelLong(level))" }
        if let rank = region.rank { tooltip += " · #\(rank)" }
        if let score = region.score, score.isFinite { tooltip += " · \(Cell.fixed(score, digits: 4))" }
        out += "<path id=\"grid-\(e(region.id))\" d=\"\(d)\" fill=\"\(fill)\" fill-rule=\"evenodd\">"
        out += "<title>\(e(tooltip))</title></path>\n"
        if let rank = region.rank, rank <= labelTop {
          labelAnchors.append((rank, region.name.isEmpty ? region.id : region.name, anchor.x, anchor.y))
        }
      }
    }
    out += "</g>\n"
    let borderLines = projection.map(borders) ?? ""
    out += borderLines

    // Labels above every region: a numbered disc at the centroid, the name beside it where it
    // does not cover another label (the legend lists every labelled name).
    let ranked = labelAnchors.sorted { $0.rank < $1.rank }
    let names = Self.placeNames(ranked.map { ($0.name, $0.x, $0.y) }, within: (0, width - 260))
    out += "<g id=\"labels\" font-size=\"12\" fill=\"#212529\">\n"
    for (label, name) in zip(ranked, names) {
      guard let name else { continue }
      out +=
        "<text x=\"\(n(name.x))\" y=\"\(n(label.y + 4))\" text-anchor=\"\(name.anchor)\" stroke=\"#ffffff\" "
      out += "stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(e(label.name))</text>\n"
    }
    for label in ranked.reversed() {
      out += "<circle cx=\"\(n(label.x))\" cy=\"\(n(label.y))\" r=\"9\" fill=\"#ffffff\" stroke=\"#212529\" "
      out += "stroke-width=\"1.2\"/><text x=\"\(n(label.x))\" y=\"\(n(label.y + 4))\" text-anchor=\"middle\" "
      out += "font-size=\"11\" font-weight=\"bold\">\(label.rank)</text>\n"
    }
    out += "</g>\n"

    out += legend(x: width - 250, y: 96, labels: ranked, borders: !borderLines.isEmpty)
    if let projection { out += scaleBar(projection, x: 30, y: height - 34) }
    out += northArrow(x: mapFrame.x + mapFrame.width - 10, y: mapFrame.y + 6)
    let undrawn = regions.count - drawable.count
    if undrawn > 0 {
      let note = language.pick(
        zh: "另有 \(undrawn) 个网格无边界和坐标，未绘出", en: "\(undrawn) grids without boundary or centroid are not drawn")
      out +=
        "<text x=\"\(n(width - 20))\" y=\"\(n(height - 14))\" text-anchor=\"end\" font-size=\"11\" fill=\"#868e96\">\(e(note))</text>\n"
    }
    out += "</svg>\n"
    return out
  }

  /// The path data of a region and where its label goes (the centroid of its largest polygon).
  private func pathData(_ region: MapRegion, _ projection: MapProjection) -> (String, (x: Double, y: Double))
  {
    if region.polygons.isEmpty, let p = region.point {
      let (x, y) = projection.project(p)
      return ("M\(n(x - 4)),\(n(y - 4))h8v8h-8Z", (x, y))
    }
    var d = ""
    var best: (area: Double, x: Double, y: Double) = (-1, 0, 0)
    for polygon in region.polygons {
      for (r, ring) in polygon.enumerated() {
        let points = ring.filter { $0.lon.isFinite && $0.lat.isFinite }.map(projection.project)
        guard points.count >= 3 else { continue }
        d += "M"
        for (k, point) in points.enumerated() {
          if k > 0 { d += "L" }
          d += n(point.x)
          d += ","
          d += n(point.y)
        }
        d += "Z"
        if r == 0 {
          let c = Self.centroid(points)
          if c.area > best.area { best = c }
        }
      }
    }
    return (d, (best.x, best.y))
  }

  /// Where each name goes, best rank first: right of its disc, else left of it, else nowhere,
  /// so that no name covers a disc or an earlier name, or leaves the map (`bounds`, horizontally). Text boxes are estimated from the display
  /// width (a CJK character about 12 units at font size 12, a Latin one about 6.5).
  /// - Complexity: O(labels²), for the ten or so labels a map carries.
  static func placeNames(
    _ labels: [(name: String, x: Double, y: Double)], within bounds: (x0: Double, x1: Double)
  )
    -> [(x: Double, anchor: String)?]
  {
    typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
    func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }
    var taken: [Box] = labels.map { ($0.x - 10, $0.y - 10, $0.x + 10, $0.y + 10) }
    return labels.enumerated().map { i, label in
      let width = Double(DisplayWidth.of(label.name)) * 6.3 + 4
      let right: Box = (label.x + 11, label.y - 8, label.x + 11 + width, label.y + 8)
      let left: Box = (label.x - 11 - width, label.y - 8, label.x - 11, label.y + 8)
      let others = taken.enumerated().filter { $0.offset != i }.map(\.element)
      for (box, x, anchor) in [(right, label.x + 12, "start"), (left, label.x - 12, "end")]
      where box.x0 >= bounds.x0 && box.x1 <= bounds.x1 && !others.contains(where: { overlaps($0, box) }) {
        taken.append(box)
        return (x, anchor)
      }
      return nil
    }
  }

  /// Area and centroid of a simple polygon (shoelace; centroid formula from Bourke, "Calculating
  /// the area and centroid of a polygon", 1988); the vertex mean when the area is zero.
  static func centroid(_ p: [(x: Double, y: Double)]) -> (area: Double, x: Double, y: Double) {
    var a = 0.0
    var cx = 0.0
    var cy = 0.0
    for i in p.indices {
      let (x0, y0) = p[i]
      let (x1, y1) = p[(i + 1) % p.count]
      let cross = x0 * y1 - x1 * y0
      a += cross
      cx += (x0 + x1) * cross
      cy += (y0 + y1) * cross
    }
    guard abs(a) > 1e-9 else {
      return (0, p.map(\.x).reduce(0, +) / Double(p.count), p.map(\.y).reduce(0, +) / Double(p.count))
    }
    return (abs(a) / 2, cx / (3 * a), cy / (3 * a))
  }

  private func legend(
    x: Double, y: Double, labels: [(rank: Int, name: String, x: Double, y: Double)], borders: Bool
  )
    -> String
  {
    var out = "<g id=\"legend\" font-size=\"13\" fill=\"#212529\">\n"
    out +=
      "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"14\" font-weight=\"bold\">\(e(language.pick(zh: "风险等级", en: "Risk level")))</text>\n"
    var rowY = y + 14
    var rows: [(fill: String, text: String)] = RiskLevel.allCases.map { level in
      let count = regions.filter { $0.level == level }.count
      return (LevelStyle.fill(level), "\(language.levelLong(level))  \(count)")
    }
    let unscored = regions.filter { $0.level == nil }.count
    if unscored > 0 {
      rows.append(
        (LevelStyle.unscoredFill, language.pick(zh: "未评分  \(unscored)", en: "not scored  \(unscored)")))
    }
    for row in rows {
      out +=
        "<rect x=\"\(n(x))\" y=\"\(n(rowY))\" width=\"18\" height=\"18\" fill=\"\(row.fill)\" stroke=\"#495057\" stroke-width=\"0.5\"/>"
      out += "<text x=\"\(n(x + 26))\" y=\"\(n(rowY + 14))\">\(e(row.text))</text>\n"
      rowY += 26
    }
    if borders {
      out += "<line x1=\"\(n(x))\" y1=\"\(n(rowY + 9))\" x2=\"\(n(x + 18))\" y2=\"\(n(rowY + 9))\" "
      out += "stroke=\"#343a40\" stroke-width=\"1.6\"/>"
      out +=
        "<text x=\"\(n(x + 26))\" y=\"\(n(rowY + 14))\">\(e(language.pick(zh: "街道界线", en: "subdistrict border")))</text>\n"
      rowY += 26
    }
    if !labels.isEmpty {
      rowY += 16
      let heading = language.pick(zh: "前 \(labels.count) 位热点", en: "Top \(labels.count) hotspots")
      out +=
        "<text x=\"\(n(x))\" y=\"\(n(rowY))\" font-size=\"14\" font-weight=\"bold\">\(e(heading))</text>\n"
      rowY += 6
      for label in labels where rowY < height - 60 {
        rowY += 20
        out +=
          "<text x=\"\(n(x))\" y=\"\(n(rowY))\" font-size=\"12\">\(label.rank). \(e(label.name))</text>\n"
      }
    }
    out += "</g>\n"
    return out
  }

  /// A bar of a round length (1, 2 or 5 × 10ᵏ metres) near 150 picture units, in two halves.
  private func scaleBar(_ projection: MapProjection, x: Double, y: Double) -> String {
    let target = 150 * projection.metresPerUnit
    guard target.isFinite, target > 0 else { return "" }
    let magnitude = pow(10, (log10(target)).rounded(.down))
    let metres = [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
    let length = metres / projection.metresPerUnit
    let km = metres / 1000
    let text =
      metres >= 1000
      ? "\(km == km.rounded() ? String(Int(km)) : Cell.fixed(km, digits: 1)) km" : "\(Int(metres)) m"
    var out = "<g id=\"scale-bar\" font-size=\"11\" fill=\"#212529\">\n"
    out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(length / 2))\" height=\"6\" fill=\"#212529\"/>"
    out +=
      "<rect x=\"\(n(x + length / 2))\" y=\"\(n(y))\" width=\"\(n(length / 2))\" height=\"6\" fill=\"#ffffff\" stroke=\"#212529\" stroke-width=\"1\"/>\n"
    out += "<text x=\"\(n(x))\" y=\"\(n(y - 4))\" text-anchor=\"middle\">0</text>"
    out += "<text x=\"\(n(x + length))\" y=\"\(n(y - 4))\" text-anchor=\"middle\">\(e(text))</text>\n"
    out += "</g>\n"
    return out
  }

  private func northArrow(x: Double, y: Double) -> String {
    "<g id=\"north-arrow\" fill=\"#212529\"><polygon points=\"\(n(x)),\(n(y)) \(n(x - 7)),\(n(y + 20)) \(n(x)),\(n(y + 15)) \(n(x + 7)),\(n(y + 20))\"/>"
      + "<text x=\"\(n(x))\" y=\"\(n(y + 34))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">N</text></g>\n"
  }

  private func e(_ text: String) -> String { XMLText.escape(text) }

  /// A coordinate with at most one decimal.
  private func n(_ x: Double) -> String { Self.coordinate(x) }

  /// `x` rounded to one decimal: the whole number when that has no fraction, else as
  /// `Cell.fixed(_, digits: 1)` writes it (a map writes millions of them).
  static func coordinate(_ x: Double) -> String {
    let r = Cell.rounded(x, digits: 1)
    if r == r.rounded() { return String(Int(r)) }
    // `r` is a number of tenths already: `Cell.fixed` would round it again to the same digits.
    let tenths = Int((abs(r) * 10).rounded(.toNearestOrAwayFromZero))
    return (r < 0 ? "-" : "") + String(tenths / 10) + "." + String(tenths % 10)
  }

}
