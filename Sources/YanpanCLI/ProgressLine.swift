import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr is not
/// a terminal (piped, redirected, under a test) or when the user asked for quiet.
final class ProgressLine {
  private let enabled: Bool
  private var lastDraw = Date.distantPast
  private var drawn = false

  init(quiet: Bool) {
    enabled = !quiet && isatty(STDERR_FILENO) == 1
  }

  /// Shows `label` with `done` of `total` (a bar when the total is known) and a rate.
  func update(_ label: String, done: Int, total: Int?, started: Date) {
    guard enabled else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
    lastDraw = now
    let elapsed = max(now.timeIntervalSince(started), 1e-3)
    let rate = Int(Double(done) / elapsed)
    var text = "\r\u{1B}[2K\(label) "
    if let total, total > 0 {
      let fraction = min(1, Double(done) / Double(total))
      let width = 30
      let filled = Int(fraction * Double(width))
      text +=
        "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
      text += String(format: "%3.0f%% ", fraction * 100)
    }
    text += "\(done) rows, \(rate)/s"
    FileHandle.standardError.write(Data(text.utf8))
    drawn = true
  }

  /// Clears the line.
  func finish() {
    guard enabled, drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    drawn = false
  }

  /// Counts the lines of an uncompressed file (for a bar with a total): O(size), bounded memory.
  /// Only done on a terminal, where a bar is drawn.
  func lineCount(of url: URL) -> Int? {
    guard enabled, !url.path.hasSuffix(".gz"), let handle = try? FileHandle(forReadingFrom: url) else {
      return nil
    }
    defer { try? handle.close() }
    var lines = 0
    while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty {
      chunk.withUnsafeBytes { bytes in
        for byte in bytes where byte == 0x0A { lines += 1 }
      }
    }
    return lines
  }
}
