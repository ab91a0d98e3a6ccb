/// What a gate application expands to before it becomes instructions: IR operations
/// plus global phase, which modifiers must still be able to see (`ctrl @ gphase(θ)`
/// turns it into a phase on the controls).
enum ElementaryOperation: Sendable, Hashable {
    case gate(Gate)
    case globalPhase(Double)
    case barrier([Int])
    case opaque(name: String, parameters: [Double], qubits: [Int])
}
