import Foundation
import YanpanCLI

exit(YanpanMain.run())
