import ArgumentParser

/// Every subcommand of `yanpan`, in the order `yanpan --help` lists them.
enum YanpanCommands {
  static let all: [ParsableCommand.Type] = [
    IngestCommand.self,
    GenerateCommand.self,
    ScoreCommand.self,
    PatrolCommand.self,
    HotspotsCommand.self,
    ExplainCommand.self,
    BacktestCommand.self,
    NightlyCommand.self,
    DemoCommand.self,
    GridCommand.self,
  ]
}
