import CZlib
import Foundation
import Records

/// Reads a file's bytes in chunks, inflating gzip transparently (zlib's `gzread` passes plain
/// files through unchanged), so memory stays bounded by the chunk size whatever the file size.
final class ByteSource {
  private var file: gzFile?
  let path: String
  /// Whether the bytes were gzip-compressed (known after the first read).
  private(set) var compressed = false

  /// - Throws: `InputError` when the file cannot be opened.
  init(url: URL) throws(InputError) {
    path = url.path
    guard let f = gzopen(url.path, "rb") else {
      throw InputError(
        file: url.path, problem: "cannot open the file (\(String(cString: strerror(errno))))",
        fix: "check that the path exists and is readable")
    }
    gzbuffer(f, 1 << 17)
    file = f
  }

  deinit { if let file { gzclose(file) } }

  /// Reads up to `count` bytes into `buffer`; 0 at the end.
  /// - Throws: `InputError` on a read error (a truncated or corrupt `.gz`).
  func read(into buffer: inout [UInt8], at offset: Int, count: Int) throws(InputError) -> Int {
    guard let file else { return 0 }
    precondition(offset + count <= buffer.count)
    let n = buffer.withUnsafeMutableBytes { p in
      gzread(file, p.baseAddress! + offset, UInt32(min(count, Int(Int32.max))))
    }
    // At the end, zlib reports a gzip stream cut short as Z_BUF_ERROR ("unexpected end of file")
    // through gzerror while gzread returns 0 (zlib.h, gzread).
    var code: Int32 = 0
    let message = n <= 0 ? gzerror(file, &code).map { String(cString: $0) } : nil
    if n < 0 || code != Z_OK {
      throw InputError(
        file: path, problem: "cannot read the file (\(message ?? "read error"))",
        fix: "check that it is complete; a .gz file must be a whole gzip stream")
    }
    if gzdirect(file) == 0 { compressed = true }
    return Int(n)
  }

  /// Up to `count` first bytes (for sniffing the format; use a fresh source to read the file).
  func prefix(_ count: Int) throws(InputError) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n = try read(into: &out, at: filled, count: count - filled)
      if n == 0 { break }
      filled += n
    }
    return Array(out[0..<filled])
  }

  /// The whole remaining content (for GeoJSON, which is not streamed).
  func readAll() throws(InputError) -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = try read(into: &chunk, at: 0, count: chunk.count)
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
    }
    return out
  }
}
