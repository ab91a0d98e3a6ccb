import Hummingbird
import QPIDocuments

// The resource documents are served as they are: the commands print the same ones.
extension ListJSON: ResponseEncodable {}
extension JobJSON: ResponseEncodable {}
extension TokenJSON: ResponseEncodable {}
extension CreatedTokenJSON: ResponseEncodable {}
extension NotificationJSON: ResponseEncodable {}
extension SlotJSON: ResponseEncodable {}
extension QPUJSON: ResponseEncodable {}
extension CreatedQPUJSON: ResponseEncodable {}
extension AccountingJSON: ResponseEncodable {}
extension TimeRequestJSON: ResponseEncodable {}
extension DecidedTimeRequestJSON: ResponseEncodable {}
extension TelemetryJSON: ResponseEncodable {}
extension JobHistoryJSON: ResponseEncodable {}
extension RotatedTokenJSON: ResponseEncodable {}
extension UserJSON: ResponseEncodable {}
