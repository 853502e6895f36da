import Testing

@testable import Ingest

/// The address key (`AddressTable.normalize`) is defined as width folding, then lower-casing, then
/// dropping white space and separators and writing `号` as `#`; it is computed in one pass.
@Suite("Address keys")
struct AddressNormalizationTests {
  /// The definition, step by step.
  static func reference(_ address: String) -> String {
    var out = String.UnicodeScalarView()
    for s in TextNormalization.foldWidth(address).lowercased().unicodeScalars {
      if TextNormalization.isSpace(s) { continue }
      switch s {
      case ",", "，", "、", "-", "—", "·", "(", ")", "（", "）", "\"", "'": continue
      case "号": out.append("#")
      default: out.append(s)
      }
    }
    return String(out)
  }

  static let written = [
    "长江路12号3单元501室", "ＡＢＣ长江路１２号", "长江路（北）-12号", "\u{3000}东河区 和平路1号 ", "Straße 5",
    "ΣΑΣ路", "İstanbul Cd.", "ǅ街", "A\u{00A0}b\u{200B}c", "\"东河区\",'和平路'", "",
  ]

  @Test("the one-pass key equals the step-by-step definition", arguments: written)
  func examples(_ address: String) {
    #expect(AddressTable.normalize(address) == Self.reference(address))
  }

  @Test("the one-pass key equals the definition on generated mixes of scripts, widths and separators")
  func generated() {
    let pool = Array(
      "AZaz09 ,，、-—·()（）\"'号路ＡＺａｚ０９\u{3000}\u{00A0}ΣσİÄäǅßﬀ长江东河区单元㐀鿿Ꭰ")
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<500 {
      var text = ""
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      for _ in 0..<Int(state >> 60) + 1 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text.append(pool[Int(state >> 33) % pool.count])
      }
      #expect(AddressTable.normalize(text) == Self.reference(text), "\(text)")
    }
  }
}
