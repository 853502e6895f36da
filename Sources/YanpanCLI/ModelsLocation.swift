import Foundation

/// Where the readable model files live (`taxonomy.yaml`, `aliases.yaml`, weights, fitted models).
///
/// In order: `--models DIR`; `$YANPAN_MODELS`; `./models` when it holds `taxonomy.yaml`; the
/// `models/` folder of the checkout this binary was built from.
enum ModelsLocation {
  static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> URL
  {
    if let option { return URL(fileURLWithPath: option) }
    if let env = environment["YANPAN_MODELS"], !env.isEmpty { return URL(fileURLWithPath: env) }
    let local = URL(fileURLWithPath: "models")
    if FileManager.default.fileExists(atPath: local.appendingPathComponent("taxonomy.yaml").path) {
      return local
    }
    return checkoutModels
  }

  /// `models/` of the checkout, found from this source file's place in `Sources/YanpanCLI/`.
  static let checkoutModels: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("models")
}
