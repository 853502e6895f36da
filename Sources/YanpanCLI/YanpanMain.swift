import ArgumentParser
import Foundation
import LinearAlgebra
import Records

/// The process entry point: parse, run, and map every failure to the contract's exit codes
/// (0 done; 2 bad usage; 65 bad input data; 1 anything else) with one line on stderr.
public enum YanpanMain {
  public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
    if let threads = blasThreads(environment: ProcessInfo.processInfo.environment) {
      BLASInfo.use(threads: threads)
    }
    var command: ParsableCommand
    do {
      command = try Yanpan.parseAsRoot(arguments)
    } catch {
      let code = Yanpan.exitCode(for: error)
      if code == .success {
        print(Yanpan.fullMessage(for: error))
        return 0
      }
      printError(Yanpan.fullMessage(for: error))
      return 2
    }
    do {
      try command.run()
      return 0
    } catch let error as InputError {
      printError("yanpan: \(error)")
      return 65
    } catch let error as ExitCode {
      return error.rawValue
    } catch {
      switch Yanpan.exitCode(for: error) {
      case .success:
        print(Yanpan.fullMessage(for: error))
        return 0
      case .validationFailure:
        printError(Yanpan.fullMessage(for: error))
        return 2
      default:
        printError("yanpan: \(error)")
        return 1
      }
    }
  }

  /// The OpenBLAS threads the engine asks for: one, unless OPENBLAS_NUM_THREADS names a count (then
  /// nil: OpenBLAS's own). The engine's BLAS work is small (matrix-vector products, a 20-column
  /// fit) between stages that use both cores themselves, and an idle OpenBLAS worker spins for a
  /// while after each call, taking a core from them (README, Speed).
  static func blasThreads(environment: [String: String]) -> Int? {
    environment["OPENBLAS_NUM_THREADS"] == nil ? 1 : nil
  }

  static func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }
}
