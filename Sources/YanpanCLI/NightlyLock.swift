import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive lock beside the store (`<db>.nightly.lock`) so that two nightly runs never write
/// at once. flock(2): the kernel releases it when the process ends, however it ends, so a killed
/// run never leaves a stale lock behind.
final class NightlyLock {
  let url: URL
  private var descriptor: Int32 = -1

  init(db: URL) { url = URL(fileURLWithPath: db.path + ".nightly.lock") }

  /// Takes the lock; with `wait` false, fails at once with a clear message when another run holds it.
  /// - Throws: `ReportFailure` naming the holder's pid when the lock is taken.
  func acquire(wait: Bool) throws {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    descriptor = open(url.path, O_RDWR | O_CREAT, 0o644)
    guard descriptor >= 0 else {
      throw ReportFailure("cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
    }
    if flock(descriptor, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
      let holder = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(
        in: .whitespacesAndNewlines)
      close(descriptor)
      descriptor = -1
      throw ReportFailure(
        "another `yanpan nightly` is running on this store (lock \(url.path) held by pid \(holder ?? "?")); "
          + "nothing was written: wait for it to finish, or pass --wait")
    }
    _ = ftruncate(descriptor, 0)
    let pid = "\(getpid())\n"
    _ = pid.withCString { write(descriptor, $0, strlen($0)) }
  }

  func release() {
    guard descriptor >= 0 else { return }
    _ = flock(descriptor, LOCK_UN)
    close(descriptor)
    descriptor = -1
  }

  deinit { release() }
}
