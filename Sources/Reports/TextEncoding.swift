import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How text files leave the engine (CONTRACT.md §2: CSV goes out as UTF-8 with a BOM so that Excel
/// opens Chinese text; `--encoding` changes that).
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8 preceded by the byte-order mark EF BB BF: what Excel needs to read Chinese CSV.
  case utf8BOM = "utf8-bom"
  /// Plain UTF-8, no BOM (JSON, GeoJSON, SVG, Markdown; CSV for tools that dislike the BOM).
  case utf8
  /// GB 18030-2005 through the C library's `iconv`: what older Chinese office software expects.
  case gb18030

  /// The bytes of the UTF-8 byte-order mark.
  public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The `--encoding` option's values: `utf8` means UTF-8 without BOM for every file; CSV writers
  /// default to `utf8BOM` when no option is given.
  public init?(option: String) {
    switch option.lowercased().replacingOccurrences(of: "-", with: "") {
    case "utf8": self = .utf8
    case "utf8bom", "utf8sig": self = .utf8BOM
    case "gb18030", "gbk", "gb2312": self = .gb18030
    default: return nil
    }
  }

  /// `text` in this encoding.
  /// - Throws: `TextEncodingError` when `iconv` is missing GB18030 or rejects a character.
  public func encode(_ text: String) throws -> Data {
    switch self {
    case .utf8: Data(text.utf8)
    case .utf8BOM: Data(TextEncoding.byteOrderMark + Array(text.utf8))
    case .gb18030: try Iconv.convert(Data(text.utf8), from: "UTF-8", to: "GB18030")
    }
  }

  /// Reads bytes written in this encoding back to text (a leading BOM is dropped).
  /// - Throws: `TextEncodingError` on bytes that are not valid in this encoding.
  public func decode(_ data: Data) throws -> String {
    switch self {
    case .utf8, .utf8BOM:
      var bytes = data
      if bytes.starts(with: TextEncoding.byteOrderMark) { bytes = bytes.dropFirst(3) }
      guard let text = String(data: bytes, encoding: .utf8) else {
        throw TextEncodingError(message: "the bytes are not valid UTF-8")
      }
      return text
    case .gb18030:
      let utf8 = try Iconv.convert(data, from: "GB18030", to: "UTF-8")
      return String(decoding: utf8, as: UTF8.self)
    }
  }
}

/// A conversion the C library could not do.
public struct TextEncodingError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}

/// A one-shot `iconv(3)` conversion.
enum Iconv {
  /// Converts `data` from one encoding to another, whole.
  /// - Complexity: O(n) in the size of `data`.
  static func convert(_ data: Data, from source: String, to target: String) throws -> Data {
    guard let handle = iconv_open(target, source), handle != iconv_t(bitPattern: -1) else {
      throw TextEncodingError(message: "iconv cannot convert \(source) to \(target) on this system")
    }
    defer { iconv_close(handle) }
    if data.isEmpty { return Data() }
    var input = [CChar](repeating: 0, count: data.count)
    input.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
    // GB18030 needs at most 4 bytes per character and UTF-8 at most 4 per scalar, so 4× + 16
    // always suffices for one call.
    var output = [CChar](repeating: 0, count: data.count * 4 + 16)
    let outputCount = output.count
    let written: Int = try input.withUnsafeMutableBufferPointer { inBuffer in
      try output.withUnsafeMutableBufferPointer { outBuffer in
        var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
        var inLeft = inBuffer.count
        var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
        var outLeft = outputCount
        let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
        if result == -1 {
          let offset = inBuffer.count - inLeft
          throw TextEncodingError(
            message: "cannot convert \(source) to \(target) at byte \(offset) (errno \(errno))")
        }
        // Flush any shift state.
        _ = iconv(handle, nil, nil, &outPointer, &outLeft)
        return outputCount - outLeft
      }
    }
    return output.withUnsafeBytes { Data($0.prefix(written)) }
  }
}
