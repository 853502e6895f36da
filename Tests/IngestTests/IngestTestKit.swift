import Foundation
import Ingest
import Records
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Small builders the Ingest tests share: options, files in a temporary folder, GB18030 bytes.
enum IngestTestKit {
  static let key = PseudonymKey(hex: String(repeating: "ab", count: 32))!

  static func options(
    crs: CoordinateSystem = .wgs84, aliases: AliasMap = .contract,
    resolver: LocationResolver = LocationResolver()
  ) -> IngestOptions {
    IngestOptions(crs: crs, taxonomy: Fixtures.taxonomy, aliases: aliases, key: key, resolver: resolver)
  }

  /// Writes `bytes` to `name` in a fresh temporary folder and returns the file's URL.
  static func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let dir = try Fixtures.temporaryDirectory("ingest")
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  static func file(_ name: String, _ text: String) throws -> URL { try file(name, Array(text.utf8)) }

  /// Every row of a file read with `options`; the file is removed afterwards.
  static func read(_ url: URL, kind: FileKind? = nil, options: IngestOptions = options()) throws
    -> (rows: [IngestRow], summary: FileSummary)
  {
    defer { remove(url) }
    let reader = try RecordFileReader(url: url, kind: kind, options: options)
    let rows = try reader.readAll()
    return (rows, reader.summary)
  }

  /// Removes a file made by `file`, and its temporary folder once that is empty.
  static func remove(_ url: URL) {
    let fm = FileManager.default
    try? fm.removeItem(at: url)
    let dir = url.deletingLastPathComponent()
    if (try? fm.contentsOfDirectory(atPath: dir.path))?.isEmpty ?? false { try? fm.removeItem(at: dir) }
  }

  /// `text` encoded as GB18030 by glibc's iconv.
  static func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")!
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    let produced = input.withUnsafeMutableBytes { inBuf in
      output.withUnsafeMutableBytes { outBuf in
        var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
        var inLeft = inBuf.count
        var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
        var outLeft = outBuf.count
        _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        return outBuf.count - outLeft
      }
    }
    return Array(output[0..<produced])
  }

  /// gzip-compresses a file with the system's `gzip`, returning the `.gz` URL.
  static func gzip(_ url: URL) throws -> URL {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-kf", url.path]
    try p.run()
    p.waitUntilExit()
    return URL(fileURLWithPath: url.path + ".gz")
  }

  /// A unit square boundary with its lower-left corner at (lon, lat), in degrees.
  static func square(_ id: String, lon: Double, lat: Double, size: Double = 0.01) -> GridBoundary {
    GridBoundary(
      gridID: id,
      polygons: [
        [
          [
            GeoPoint(lon: lon, lat: lat), GeoPoint(lon: lon + size, lat: lat),
            GeoPoint(lon: lon + size, lat: lat + size), GeoPoint(lon: lon, lat: lat + size),
          ]
        ]
      ])
  }

  static func records(_ rows: [IngestRow]) -> [NormalizedRecord] { rows.compactMap { try? $0.result.get() } }
}
