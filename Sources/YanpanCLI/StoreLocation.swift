import ArgumentParser
import Foundation
import Store

/// Where the store is (CONTRACT.md §2): `--db PATH`, else `$YANPAN_DB`, else `./yanpan.sqlite`.
enum StoreLocation {
  static let defaultPath = "yanpan.sqlite"

  static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> URL
  {
    if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
    if let env = environment["YANPAN_DB"], !env.isEmpty { return URL(fileURLWithPath: env) }
    return URL(fileURLWithPath: defaultPath)
  }

  /// The pseudonym key file kept beside the store: `<db>.key`.
  static func keyFile(for db: URL) -> URL { URL(fileURLWithPath: db.path + ".key") }

  /// The default rejects file beside the store: `<db>.rejects.csv`.
  static func rejectsFile(for db: URL) -> URL { URL(fileURLWithPath: db.path + ".rejects.csv") }
}

/// The options every command that reads or writes the store shares: `--db` and `--models`.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: "The store (SQLite file); default $YANPAN_DB, else ./yanpan.sqlite.")
  var db: String?

  @Option(
    name: .long,
    help: "The models folder (taxonomy.yaml, aliases.yaml, …); default $YANPAN_MODELS, else ./models.")
  var models: String?

  var dbURL: URL { StoreLocation.resolve(db) }
  var modelsURL: URL { ModelsLocation.resolve(models) }

  /// Opens (creating if needed) the store, creating its folder too.
  func openStore() throws -> Store {
    let url = dbURL
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    return try Store(path: url.path)
  }
}
