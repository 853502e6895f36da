import CLinearAlgebra

#if canImport(Glibc)
  import Glibc
#endif

/// What OpenBLAS is running: its kernel (core) name and thread count, for benchmark output and
/// `yanpan --version`-style diagnostics.
public enum BLASInfo {
  /// The core OpenBLAS selected at load time, e.g. `Haswell`.
  public static var coreName: String { String(cString: openblas_get_corename()) }
  /// Threads OpenBLAS will use (`OPENBLAS_NUM_THREADS` or the core count).
  public static var threads: Int { Int(openblas_get_num_threads()) }
  /// Makes OpenBLAS use `threads` threads from now on (`openblas_set_num_threads`). With one, the
  /// workers OpenBLAS started when it was loaded are stopped as well: each spins on `sched_yield`
  /// for about a tenth of a second after it starts or finishes a job (a tenth of a second of a
  /// core in every process), and lowering the count does not stop them.
  public static func use(threads: Int) {
    openblas_set_num_threads(Int32(threads))
    if threads == 1 { stopWorkers() }
  }

  /// Stops OpenBLAS's worker threads (`blas_thread_shutdown_`, which OpenBLAS itself calls before a
  /// fork; a multithreaded call after it starts them again). It is exported by the threaded
  /// builds but in no header, so it is looked up: a single-threaded OpenBLAS has no workers and
  /// no such function.
  /// - Returns: whether the function was found (and called).
  @discardableResult
  static func stopWorkers() -> Bool {
    typealias Shutdown = @convention(c) () -> Int32
    #if canImport(Glibc)
      // RTLD_DEFAULT (a null handle): every library the process has loaded.
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else {
        return false
      }
      _ = unsafeBitCast(symbol, to: Shutdown.self)()
      return true
    #else
      return false
    #endif
  }

  /// OpenBLAS's build configuration string.
  public static var configuration: String { String(cString: openblas_get_config()) }
}
