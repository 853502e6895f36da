import ArgumentParser
import Foundation
import Records
import Reports
import Store

/// `yanpan hotspots`: the ranked hotspot list from the stored scores (CONTRACT.md §2), at grid,
/// community, subdistrict or shop level, as a terminal table, CSV, JSON, GeoJSON or an SVG map.
struct HotspotsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hotspots",
    abstract: "Ranked hotspot list (grids, communities, subdistricts or shops); svg draws the map.",
    discussion: """
      Reads the latest scores stored by `yanpan score` on or before --as-of (say which, when older).
      Grid columns: rank, grid_id, name, subdistrict_id, score, gi_z, trend, reasons, level.
      Shop columns: rank, shop_id, name, street_id, grid_id, score, last_inspected, reasons, level.
      Community / subdistrict: rank, community_id|subdistrict_id, name, score (household-weighted \
      mean of the grids' scores), grids, red, orange (grids at those levels), max_gi_z, reasons.
      Level, trend and reasons follow --lang (zh: 红/橙/黄/蓝; en: red/orange/yellow/blue).
      CSV: UTF-8 with BOM (Excel), reasons joined by "；"; --encoding utf8 drops the BOM, \
      gb18030 converts. geojson and svg cover every grid; --top sets how many the map labels.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, geojson, svg, md
  }

  @Option(help: "How many to list (default: 20 in table/md, all in csv/json; labels on the svg map: 10).")
  var top: Int?

  enum Level: String, ExpressibleByArgument, CaseIterable {
    case grid, community, subdistrict, shop
  }

  @Option(name: .customLong("level"), help: "grid, community, subdistrict or shop.")
  var unit: Level = .grid

  @Option(help: "table, csv, json, geojson, svg or md (a Markdown table).")
  var format: Format = .table

  @Option(help: "CSV text encoding: utf8 (no BOM) or gb18030; default UTF-8 with BOM.")
  var encoding: String?

  @OptionGroup var list: ListOptions

  @OptionGroup var storage: StoreOptions

  /// `--level` as the report's unit.
  var level: HotspotLevel { HotspotLevel(rawValue: unit.rawValue)! }

  func validate() throws {
    try ReportOutput.validate(asOf: list.asOf, lang: list.lang, encoding: encoding)
    if let top, top < 1 { throw ValidationError("--top must be at least 1") }
    if format == .geojson || format == .svg, level != .grid {
      throw ValidationError("--format \(format.rawValue) maps grids: use --level grid (the default)")
    }
    if encoding != nil, format != .csv {
      throw ValidationError("--encoding applies to --format csv (JSON, GeoJSON and SVG are always UTF-8)")
    }
  }

  func run() throws {
    let asked = ReportOutput.day(list.asOf)
    let clock = ContinuousClock()
    let started = clock.now
    // Only the scores of the listed kind, without their contributions (a list does not print
    // them). A shop list of the top N reads only those N shops; in CSV and JSON only their scores
    // too (a table's heading counts every shop's level; grid lists and roll-ups need every grid).
    let onScreen = format == .table || format == .md
    let shopsShown = level == .shop ? (onScreen ? top ?? 20 : top) : nil
    let (store, run, scores) = try ReportOutput.snapshot(
      storage, asOf: asked, entities: [level == .shop ? .shop : .grid], contributions: false,
      top: onScreen ? nil : shopsShown)
    // The list is read as of the snapshot's day, so scores and last inspections agree. Only the
    // shop list reads shops and each shop's last inspection (from an index; for a top N, only
    // theirs); only maps read boundaries.
    var parts: DistrictParts = [.grids]
    if level == .shop, shopsShown == nil { parts.insert(.shops) }
    if format == .geojson || format == .svg { parts.insert(.boundaries) }
    var district = try store.loadDistrict(asOf: run.asOf, parts: parts)
    var lastInspected: [String: Day] = [:]
    if level == .shop {
      let listed = shopsShown.map { n in
        scores.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }.prefix(n).map(\.id)
      }
      if let listed { district.shops = try store.shops(ids: listed) }
      lastInspected = try store.lastInspections(asOf: run.asOf, shops: listed)
    }
    let language = ReportLanguage(rawValue: list.lang)!
    let report = HotspotReport(
      scores: scores, district: district, asOf: run.asOf, run: run, language: language,
      lastInspected: lastInspected)
    if run.asOf != asked, !list.quiet {
      ReportOutput.note(
        language.pick(
          zh: "注意：使用 \(run.asOf.iso) 的评分（\(asked.iso) 当天尚无评分，可运行 `yanpan score --as-of \(asked.iso)`）",
          en:
            "note: using the scores of \(run.asOf.iso) (none for \(asked.iso); run `yanpan score --as-of \(asked.iso)`)"
        ))
    }
    let data: Data
    switch format {
    case .table:
      // On screen the level sits beside the score and the reasons come last, uncut.
      let table = report.table(level: level, top: top ?? 20).moving("level", before: "score")
      data = Data((heading(report) + "\n" + table.terminal()).utf8)
    case .md:
      let table = report.table(level: level, top: top ?? 20).moving("level", before: "score")
      data = Data(("**" + heading(report) + "**\n\n" + table.markdown()).utf8)
    case .csv:
      data = try report.table(level: level, top: top).csv(
        encoding: encoding.flatMap(TextEncoding.init(option:)) ?? .utf8BOM)
    case .json:
      data = Data(report.table(level: level, top: top).json().rendered().utf8)
    case .geojson:
      data = Data(report.geoJSONUTF8())
    case .svg:
      data = Data(report.map(labelTop: top ?? 10).svg().utf8)
    }
    try ReportOutput.emit(data, to: list.out)
    if list.verbose {
      ReportOutput.note(
        ReportOutput.describe(store: store, run: run, scores: scores, since: started, clock: clock))
    }
    if let out = list.out, !list.quiet { ReportOutput.note("\(heading(report)) → \(out)") }
  }

  /// One line naming the list, its date and model, and the levels' counts.
  func heading(_ report: HotspotReport) -> String {
    let l = report.language
    let entity: RiskScore.Entity = level == .shop ? .shop : .grid
    let counts = report.levelCounts(entity)
    let total = counts.values.reduce(0, +)
    let levels = RiskLevel.allCases.map { "\(l.level($0)) \(counts[$0] ?? 0)" }.joined(
      separator: l.pick(zh: "、", en: ", "))
    let what =
      switch level {
      case .grid: l.pick(zh: "网格热点", en: "Grid hotspots")
      case .community:
        l.pick(zh: "社区热点（按户数加权平均网格风险分）", en: "Community hotspots (household-weighted mean grid score)")
      case .subdistrict:
        l.pick(zh: "街道热点（按户数加权平均网格风险分）", en: "Subdistrict hotspots (household-weighted mean grid score)")
      case .shop: l.pick(zh: "商铺风险", en: "Shop risk")
      }
    let model = report.run?.modelVersion ?? "?"
    return l.pick(
      zh:
        "\(what) · 截至 \(report.asOf.iso) · 模型 \(model) · \(total) 个\(entity == .shop ? "商铺" : "网格")：\(levels)",
      en:
        "\(what) · as of \(report.asOf.iso) · model \(model) · \(total) \(entity == .shop ? "shops" : "grids"): \(levels)"
    )
  }
}
