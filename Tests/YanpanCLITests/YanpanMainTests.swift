import Testing

@testable import YanpanCLI

@Suite("the process entry point")
struct YanpanMainTests {
  @Test("OpenBLAS runs on one thread unless OPENBLAS_NUM_THREADS names a count")
  func blasThreads() {
    #expect(YanpanMain.blasThreads(environment: [:]) == 1)
    #expect(YanpanMain.blasThreads(environment: ["OMP_NUM_THREADS": "2"]) == 1)
    #expect(YanpanMain.blasThreads(environment: ["OPENBLAS_NUM_THREADS": "2"]) == nil)
  }
}
