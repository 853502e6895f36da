import Foundation
import Records

/// Paths and values the tests share.
public enum Fixtures {
  /// The package root, found from this file's place in `Tests/TestSupport/`.
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `models/` of this checkout.
  public static var modelsDirectory: URL { packageRoot.appendingPathComponent("models") }

  /// The taxonomy the project ships.
  public static let taxonomy: Taxonomy = {
    let url = modelsDirectory.appendingPathComponent("taxonomy.yaml")
    // A missing or broken taxonomy is a broken checkout: fail loudly.
    return try! Taxonomy(yaml: String(contentsOf: url, encoding: .utf8))
  }()

  /// `../shared/data` beside the checkout, when present (real public data for the tests that need it).
  public static var sharedData: URL? {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// A fresh temporary directory, removed by the caller when done.
  public static func temporaryDirectory(_ label: String = "yanpan") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Midnight of `y-m-d` in the district's zone.
  public static func date(_ y: Int, _ m: Int, _ d: Int, hour: Int = 0) -> Date {
    Day(year: y, month: m, day: d).start(in: .district).addingTimeInterval(Double(hour) * 3600)
  }
}
