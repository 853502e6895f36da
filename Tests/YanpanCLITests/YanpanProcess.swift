import Foundation
import TestSupport

/// Runs the built `yanpan` binary as a child process, as a user would: arguments, environment,
/// exit status, stdout and stderr.
struct YanpanProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the process was ended by a signal (e.g. SIGKILL) rather than exiting.
    var signalled: Bool
  }

  /// The `yanpan` executable built beside this test bundle (SwiftPM builds every product before
  /// running tests).
  static let executable: URL = {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = runner.deletingLastPathComponent()
    // The runner may sit inside a bundle directory (`….xctest/Contents/MacOS`); walk up to the build folder.
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("yanpan")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return runner.deletingLastPathComponent().appendingPathComponent("yanpan")
  }()

  /// Starts `yanpan arguments…` in `directory`; the environment is this process's minus the
  /// `YANPAN_*` variables, plus `environment`.
  static func start(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> (process: Process, stdout: Pipe, stderr: Pipe) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("YANPAN_") }
    env["YANPAN_MODELS"] = Fixtures.modelsDirectory.path
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return (process, out, err)
  }

  /// Runs `yanpan arguments…` to completion.
  static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws
    -> Result
  {
    let (process, out, err) = try start(arguments, in: directory, environment: environment)
    // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self),
      signalled: process.terminationReason == .uncaughtSignal)
  }
}
