/// Test source with location markers such as `1️⃣` written into it; the markers are
/// removed and their 1-based line and UTF-8 column recorded.
struct MarkedSource {
    static let markerNames: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The source without markers.
    let text: String
    /// Line and column of each marker.
    let markers: [Character: (line: Int, column: Int)]

    init(_ marked: String) {
        var text = ""
        var markers: [Character: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        for character in marked {
            if Self.markerNames.contains(character) {
                markers[character] = (line, column)
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.utf8.count
            }
        }
        self.text = text
        self.markers = markers
    }
}
