import CLinearAlgebra

/// What OpenBLAS is running: its kernel (core) name and thread count, for benchmark output and
/// `yanpan --version`-style diagnostics.
public enum BLASInfo {
  /// The core OpenBLAS selected at load time, e.g. `Haswell`.
  public static var coreName: String { String(cString: openblas_get_corename()) }
  /// Threads OpenBLAS will use (`OPENBLAS_NUM_THREADS` or the core count).
  public static var threads: Int { Int(openblas_get_num_threads()) }
  /// Makes OpenBLAS use `threads` threads from now on (`openblas_set_num_threads`).
  public static func use(threads: Int) { openblas_set_num_threads(Int32(threads)) }

  /// OpenBLAS's build configuration string.
  public static var configuration: String { String(cString: openblas_get_config()) }
}
