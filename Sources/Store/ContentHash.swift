import Crypto
import Foundation
import Records

extension Store {
  /// The SHA-256 of a file's bytes in hex, read in 4 MiB chunks (bounded memory), so the
  /// `ingest_files` ledger can tell the same file given twice from a new one.
  /// - Throws: `InputError` when the file cannot be read.
  /// - Complexity: O(file size).
  public static func contentHash(of url: URL) throws -> String {
    guard let handle = try? FileHandle(forReadingFrom: url) else {
      throw InputError(file: url.path, problem: "cannot open the file", fix: "check the path and permissions")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while true {
      let chunk: Data?
      do { chunk = try handle.read(upToCount: 4 << 20) } catch {
        throw InputError(
          file: url.path, problem: "cannot read the file: \(error)", fix: "check the disk and permissions")
      }
      guard let chunk, !chunk.isEmpty else { break }
      hasher.update(data: chunk)
    }
    return hex(hasher.finalize())
  }

  /// The SHA-256 of bytes in memory in hex, equal to `contentHash(of:)` of a file holding them.
  public static func contentHash(of data: Data) -> String {
    hex(SHA256.hash(data: data))
  }

  /// Bytes as lowercase hex, two digits each (a digit table: `String(format:)` per byte cost more
  /// than hashing a night's 13,000 lists).
  private static func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
