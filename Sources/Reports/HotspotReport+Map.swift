import Records

extension HotspotReport {
  /// Every grid of the district as a GeoJSON feature (a map needs the whole district, so `--top`
  /// does not thin it): boundary polygons, or the centroid as a Point where there is no boundary,
  /// with properties `grid_id, name, subdistrict_id, community_id, score, rank, level, gi_z,
  /// trend, reasons` and the simplestyle `fill` colour of the level that geojson.io and similar
  /// viewers paint with. The collection carries `as_of`, `model_version` and `data_fingerprint`
  /// as foreign members (RFC 7946 §6.1).
  public func geoJSON() -> JSONValue {
    let (features, members) = geoFeatures()
    return GeoJSON.featureCollection(features, foreignMembers: members)
  }

  /// `geoJSON().utf8()`: the same text, written without a `JSONValue` per position
  /// (`GeoJSON.featureCollectionUTF8`).
  public func geoJSONUTF8() -> [UInt8] {
    let (features, members) = geoFeatures()
    return GeoJSON.featureCollectionUTF8(features, foreignMembers: members)
  }

  /// The features of `geoJSON()` and the collection's foreign members.
  private func geoFeatures() -> (features: [GeoFeature], members: [(String, JSONValue)]) {
    let l = language
    let scoreByID = Dictionary(gridScores.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let shapes = boundaries()
    let features = district.grids.sorted { $0.id < $1.id }.map { grid in
      let score = scoreByID[grid.id]
      let properties: [(String, JSONValue)] = [
        ("grid_id", .string(grid.id)), ("name", .string(grid.name)),
        ("subdistrict_id", .string(grid.subdistrictID)), ("community_id", .string(grid.communityID)),
        ("score", score.map { Cell.decimal($0.score, digits: Self.scoreDigits).json } ?? .null),
        ("rank", .optional(score?.rank)), ("level", .optional(score.map { l.level($0.level) })),
        ("gi_z", Cell.decimal(score?.giZ, digits: Self.zDigits).json),
        ("trend", .optional(l.trend(score?.trend))),
        ("reasons", .array((score?.reasons ?? []).map { .string(l.text($0)) })),
        ("fill", .string(score.map { LevelStyle.fill($0.level) } ?? LevelStyle.unscoredFill)),
      ]
      return GeoFeature(
        id: grid.id, polygons: shapes[grid.id] ?? [], point: grid.location, properties: properties)
    }
    return (
      features,
      [
        ("as_of", .string(asOf.iso)), ("model_version", .optional(run?.modelVersion)),
        ("data_fingerprint", .optional(run?.dataFingerprint)),
      ]
    )
  }

  /// The SVG choropleth of every grid, the `labelTop` best-ranked labelled.
  public func map(labelTop: Int = 10) -> ChoroplethMap {
    let l = language
    let scoreByID = Dictionary(gridScores.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let shapes = boundaries()
    let regions = district.grids.map { grid in
      let score = scoreByID[grid.id]
      return MapRegion(
        id: grid.id, name: grid.name, polygons: shapes[grid.id] ?? [], point: grid.location,
        level: score?.level, rank: score?.rank, score: score?.score, group: grid.subdistrictID)
    }
    let model = run?.modelVersion ?? l.pick(zh: "未知", en: "unknown")
    return ChoroplethMap(
      title: l.pick(zh: "网格风险热点图 · \(asOf.iso)", en: "Grid risk hotspots · \(asOf.iso)"),
      subtitle: l.pick(
        zh: "截至 \(asOf.iso) · 模型 \(model) · \(district.grids.count) 个网格 · 颜色为风险等级，数字为排名",
        en:
          "As of \(asOf.iso) · model \(model) · \(district.grids.count) grids · colour = risk level, number = rank"
      ),
      regions: regions, labelTop: labelTop, language: l)
  }

  /// Each grid's polygons (several boundary rows for one grid are joined).
  private func boundaries() -> [String: [PolygonRings]] {
    var shapes: [String: [PolygonRings]] = [:]
    for boundary in district.boundaries { shapes[boundary.gridID, default: []] += boundary.polygons }
    return shapes
  }
}
