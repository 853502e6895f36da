import ArgumentParser

/// The root command: one binary, `yanpan`, with a subcommand per job (CONTRACT.md §2).
public struct Yanpan: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "yanpan",
    abstract: "研判 Yanpan: risk analysis for grid-based social governance.",
    discussion: """
      The store is a SQLite file: --db PATH, else $YANPAN_DB, else ./yanpan.sqlite.
      Exit codes: 0 done; 2 bad usage; 65 bad input data (nothing was written); 1 anything else.
      """,
    subcommands: YanpanCommands.all
  )

  public init() {}
}
