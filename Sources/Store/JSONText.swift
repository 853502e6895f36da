import Foundation

/// Small JSON texts the store keeps in TEXT columns (lists of names, label counts).
enum JSONText {
  static func array(_ values: [String]) -> String { encode(values) ?? "[]" }

  static func counts(_ counts: [String: Int]) -> String { encode(counts) ?? "{}" }

  static func encode<T: Encodable>(_ value: T) -> String? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
  }

  static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
    try? JSONDecoder().decode(type, from: Data(text.utf8))
  }
}
