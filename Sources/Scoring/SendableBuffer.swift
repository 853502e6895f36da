/// Memory that `concurrentPerform` workers write side by side, each its own elements.
///
/// On this kind of machine the kernel's clearing of memory touched for the first time costs more
/// than most of what is then written into it (about 2 GB/s on one core). A big column is therefore
/// allocated without a fill (`Array(unzeroed:)`) and first touched where its values are written,
/// by the workers that write them, on every core.

extension Array where Element: BitwiseCopyable {
  /// Room for `count` elements whose values are not set (whatever the memory held): for columns
  /// whose every element the caller writes before it is read, so that their memory is touched
  /// first where it is written (`SendableBuffer.zero` on each worker), not by a fill here.
  init(unzeroed count: Int) {
    self.init(unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
  }
}

/// An array's elements handed to `concurrentPerform` workers that write disjoint elements.
struct SendableBuffer<T>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<T>
  init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

extension SendableBuffer where T: BitwiseCopyable {
  /// Sets the elements `range` to all-zero bytes (0 for numbers).
  func zero(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    UnsafeMutableRawBufferPointer(
      rebasing: UnsafeMutableRawBufferPointer(buffer)[
        (range.lowerBound * MemoryLayout<T>.stride)..<(range.upperBound * MemoryLayout<T>.stride)]
    ).initializeMemory(as: UInt8.self, repeating: 0)
  }
}

/// A pointer handed to `concurrentPerform` workers that write disjoint ranges.
struct UnsafeSendable<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
