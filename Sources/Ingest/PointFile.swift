import Foundation
import Records

/// The WGS-84 points of a CSV or TSV file (`.gz` inflated on the fly), for laying a cell grid over
/// them (`yanpan grid`): only two columns are read, whatever else the file holds.
///
/// The longitude column is the one named `lonField`, else the first whose header is `lon`, `lng`,
/// `long`, `longitude`, `x_lon` or any header the contract accepts for `lon` (`经度`); likewise
/// for latitude (`lat`, `latitude`, `纬度`). Headers match case-, width- and space-insensitively.
/// A row whose cells are empty, not numbers, outside ±180/±90, or exactly (0, 0) (an export's
/// "no location") is skipped and counted.
public struct PointFile: Sendable {
  public var file: String
  public var lonHeader: String
  public var latHeader: String
  public var points: [GeoPoint]
  /// Data rows read, and those skipped for want of a usable coordinate.
  public var rows: Int
  public var skipped: Int

  /// Reads every point of `url`.
  /// - Throws: `InputError` when the file cannot be read, is empty, or has no longitude or
  ///   latitude column (naming the headers it has).
  /// - Complexity: O(bytes); memory O(points).
  public static func read(
    _ url: URL, crs: CoordinateSystem = .wgs84, lonField: String? = nil, latField: String? = nil
  ) throws(InputError) -> PointFile {
    let file = url.path
    let head = try ByteSource(url: url).prefix(8192)
    let firstLine = head.prefix(while: { $0 != 0x0A && $0 != 0x0D })
    var name = url.lastPathComponent.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    let tabs =
      name.hasSuffix(".tsv") || name.hasSuffix(".tab")
      || (firstLine.contains(0x09) && !firstLine.contains(0x2C))
    var t = DelimitedTokenizer(source: try ByteSource(url: url), delimiter: tabs ? 0x09 : 0x2C)
    let decoder = TextDecoder()
    guard try t.next() else {
      throw InputError(file: file, problem: "the file is empty", fix: "give a file with a header row")
    }
    var headers: [String] = []
    for i in 0..<t.fieldCount {
      headers.append(
        t.withField(i) { bytes in decoder.decode(bytes, as: decoder.classify(bytes)) } ?? "")
    }
    let keys = headers.map { TextNormalization.key(TextNormalization.clean($0)) }
    func column(_ given: String?, _ names: [String], _ what: String) throws(InputError) -> Int {
      let wanted = (given.map { [$0] } ?? names).map(TextNormalization.key)
      for w in wanted { if let i = keys.firstIndex(of: w) { return i } }
      throw InputError(
        file: file, line: 1, field: given ?? what,
        problem: "no \(what) column (headers: \(headers.joined(separator: ", ")))",
        fix: given == nil
          ? "name the column \(names.prefix(4).joined(separator: " or ")), or pass --\(what == "longitude" ? "lon" : "lat")-field"
          : "give the exact header of the \(what) column")
    }
    let incidents = FileKind.records(.incidents)
    let lonColumn = try column(
      lonField,
      ["lon", "lng", "long", "longitude", "x_lon"] + AliasMap.contract.accepted("lon", kind: incidents),
      "longitude")
    let latColumn = try column(
      latField, ["lat", "latitude", "y_lat"] + AliasMap.contract.accepted("lat", kind: incidents), "latitude")
    var points: [GeoPoint] = []
    var rows = 0
    var skipped = 0
    while try t.next() {
      guard t.fieldBytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
      rows += 1
      func number(_ i: Int) -> Double? {
        guard i < t.fieldCount else { return nil }
        return t.withField(i) {
          Double(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        }
      }
      guard let lon = number(lonColumn), let lat = number(latColumn), lon.isFinite, lat.isFinite,
        (-180...180).contains(lon), (-90...90).contains(lat), lon != 0 || lat != 0
      else {
        skipped += 1
        continue
      }
      points.append(crs.toWGS84(GeoPoint(lon: lon, lat: lat)))
    }
    return PointFile(
      file: file, lonHeader: headers[lonColumn], latHeader: headers[latColumn], points: points, rows: rows,
      skipped: skipped)
  }
}
