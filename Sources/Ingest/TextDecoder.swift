import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Decodes cell bytes to text: UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of
/// GBK and GB2312) through glibc's iconv. Deciding per row lets a file that mixes exports in both
/// encodings read whole; a file whose first non-ASCII row is GB18030 keeps preferring GB18030 for
/// rows whose only non-ASCII bytes happen to form valid 2-byte UTF-8 (short GBK text can).
final class TextDecoder {
  enum RowEncoding { case ascii, utf8, gb18030 }

  private var converter: iconv_t?
  private var output = [UInt8](repeating: 0, count: 4096)
  private(set) var sawUTF8 = false
  private(set) var sawGB = false

  deinit { if let converter { iconv_close(converter) } }

  /// Which encoding a row's bytes are in.
  func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> RowEncoding {
    switch UTF8Check.scan(bytes) {
    case .ascii: return .ascii
    case .valid(let hasThreeByte):
      if sawGB && !sawUTF8 && !hasThreeByte {
        sawGB = true
        return .gb18030
      }
      sawUTF8 = true
      return .utf8
    case .invalid:
      sawGB = true
      return .gb18030
    }
  }

  /// The text of `bytes` in `encoding`; nil when they are not valid in it.
  func decode(_ bytes: UnsafeBufferPointer<UInt8>, as encoding: RowEncoding) -> String? {
    switch encoding {
    case .ascii, .utf8: return String(decoding: bytes, as: UTF8.self)
    case .gb18030: return gb18030(bytes)
    }
  }

  private func gb18030(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if bytes.isEmpty { return "" }
    if converter == nil {
      let cd = iconv_open("UTF-8", "GB18030")
      guard let cd, Int(bitPattern: cd) != -1 else { return nil }
      converter = cd
    }
    iconv(converter, nil, nil, nil, nil)
    if output.count < bytes.count * 2 + 16 { output = [UInt8](repeating: 0, count: bytes.count * 2 + 16) }
    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: bytes.baseAddress!)
      .assumingMemoryBound(to: CChar.self)
    var inLeft = bytes.count
    let produced: Int? = output.withUnsafeMutableBufferPointer { out in
      var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      var outLeft = out.count
      let r = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
      if r == -1 || inLeft != 0 { return nil }
      return out.count - outLeft
    }
    guard let produced else { return nil }
    return String(decoding: output[0..<produced], as: UTF8.self)
  }

  /// The encoding the file as a whole turned out to be in.
  func fileEncoding(bom: Bool) -> TextEncoding {
    if bom { return sawGB ? .mixed : .utf8BOM }
    switch (sawUTF8, sawGB) {
    case (false, false): return .ascii
    case (true, false): return .utf8
    case (false, true): return .gb18030
    case (true, true): return .mixed
    }
  }

  /// Decodes a whole byte array (JSON Lines line, GeoJSON document) the same way.
  func decodeAll(_ bytes: [UInt8]) -> String? {
    bytes.withUnsafeBufferPointer { decode($0, as: classify($0)) }
  }
}

/// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) with an
/// 8-bytes-at-a-time ASCII fast path.
enum UTF8Check {
  enum Outcome: Equatable {
    case ascii
    case valid(hasThreeByte: Bool)
    case invalid
  }

  static func scan(_ b: UnsafeBufferPointer<UInt8>) -> Outcome {
    let n = b.count
    guard let base = b.baseAddress else { return .ascii }
    var i = 0
    var nonASCII = false
    var threeByte = false
    while i < n {
      if i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      let c = base[i]
      if c < 0x80 {
        i += 1
        continue
      }
      nonASCII = true
      let need: Int
      var lo: UInt8 = 0x80
      var hi: UInt8 = 0xBF
      switch c {
      case 0xC2...0xDF: need = 1
      case 0xE0:
        need = 2
        lo = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: need = 2
      case 0xED:
        need = 2
        hi = 0x9F
      case 0xF0:
        need = 3
        lo = 0x90
      case 0xF1...0xF3: need = 3
      case 0xF4:
        need = 3
        hi = 0x8F
      default: return .invalid
      }
      guard i + need < n else { return .invalid }
      let c1 = base[i + 1]
      guard c1 >= lo && c1 <= hi else { return .invalid }
      for k in 2..<(need + 1) {
        let ck = base[i + k]
        guard ck >= 0x80 && ck <= 0xBF else { return .invalid }
      }
      if need >= 2 { threeByte = true }
      i += need + 1
    }
    return nonASCII ? .valid(hasThreeByte: threeByte) : .ascii
  }
}
