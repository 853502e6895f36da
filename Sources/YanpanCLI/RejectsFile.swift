import Foundation
import Records
import Reports

/// The rejects CSV of one ingest run: `source,line,reason,raw`, UTF-8 with a BOM (Excel opens it),
/// CRLF records (RFC 4180). Rows stream to a temporary file beside the target, which replaces the
/// target only when the run commits (`commit()`), so a failed run leaves the old rejects file alone.
final class RejectsFile {
  let url: URL
  private let temporary: URL
  private var handle: FileHandle?
  private var buffer = Data()
  private(set) var count = 0

  init(url: URL) {
    self.url = url
    temporary = URL(fileURLWithPath: url.path + ".partial-\(ProcessInfo.processInfo.processIdentifier)")
  }

  /// Adds one rejected row. `raw` must already have personal data masked (the reader does that).
  func add(source: String, line: Int, reason: String, raw: String) throws {
    if handle == nil { try open() }
    let record = [source, String(line), reason, raw].map(CSV.field).joined(separator: ",") + "\r\n"
    buffer.append(contentsOf: Array(record.utf8))
    count += 1
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Moves the finished file into place; does nothing when no row was rejected.
  func commit() throws {
    guard handle != nil else { return }
    try flush()
    try handle?.close()
    handle = nil
    if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
    try FileManager.default.moveItem(at: temporary, to: url)
  }

  /// Removes the unfinished file (the run failed).
  func discard() {
    try? handle?.close()
    handle = nil
    try? FileManager.default.removeItem(at: temporary)
  }

  private func open() throws {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw InputError(
        file: url.path, problem: "cannot write the rejects file", fix: "pass --rejects with a writable path")
    }
    handle = try FileHandle(forWritingTo: temporary)
    buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
    buffer.append(contentsOf: Array("source,line,reason,raw\r\n".utf8))
  }

  private func flush() throws {
    guard let handle, !buffer.isEmpty else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}
