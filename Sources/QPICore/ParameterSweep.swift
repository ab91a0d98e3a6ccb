/// One parameter of a sweep (`--param NAME=V1,V2,…` or `--param NAME=START:STOP:COUNT`):
/// the values, as text, that the tasks of an array bind to the script's `input NAME`.
public struct SweepParameter: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]

    /// Most values one parameter may list or generate.
    public static let maxValues = JobArray.maxTasks
    /// The input every task gets its own index in, when the script declares it.
    public static let taskIndexInput = "array_task_id"

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// Reads `NAME=V1,V2,…` (values as written, checked against the input's type when bound)
    /// or `NAME=START:STOP:COUNT` (COUNT evenly spaced numbers from START to STOP, both included).
    public init(parsing text: String) throws(JobOptionError) {
        func failure(_ why: String) -> JobOptionError {
            JobOptionError(option: "param", value: text, reason: .invalidParameter(why))
        }
        guard let equals = text.firstIndex(of: "=") else { throw failure("no '=' between the name and the values") }
        let name = String(text[..<equals])
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
            name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else {
            throw failure("'\(name)' is not an OpenQASM identifier")
        }
        guard name != Self.taskIndexInput else {
            throw failure("\(Self.taskIndexInput) is each task's index, set by the array itself")
        }
        let spec = text[text.index(after: equals)...]
        let range = spec.split(separator: ":", omittingEmptySubsequences: false)
        if range.count == 3 {
            guard let start = Double(range[0]), let stop = Double(range[1]), start.isFinite, stop.isFinite else {
                throw failure("START and STOP of '\(spec)' must be numbers")
            }
            guard let count = Int(range[2]), count >= 1, count <= Self.maxValues else {
                throw failure("COUNT of '\(spec)' must be a whole number from 1 to \(Self.maxValues)")
            }
            let step = count == 1 ? 0 : (stop - start) / Double(count - 1)
            // The last value is STOP itself, not START plus accumulated rounding.
            self.values = (0..<count).map { index in String(index == count - 1 ? stop : start + Double(index) * step) }
        } else if range.count == 1 {
            let values = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard values.allSatisfy({ !$0.isEmpty }) else { throw failure("an empty value in '\(spec)'") }
            guard values.count <= Self.maxValues else { throw failure("more than \(Self.maxValues) values") }
            self.values = values
        } else {
            throw failure("'\(spec)' is neither V1,V2,… nor START:STOP:COUNT")
        }
        self.name = name
    }

    /// Each task's values by input name, in task order: the parameters' values side by side
    /// (all lists as long as each other), or with `product` every combination, the first
    /// parameter varying slowest.
    public static func bindings(_ parameters: [SweepParameter], product: Bool) throws(JobOptionError) -> [[String:
        String]]
    {
        guard let first = parameters.first else { return [] }
        if product {
            var tasks: [[String: String]] = [[:]]
            for parameter in parameters {
                guard tasks.count * parameter.values.count <= JobArray.maxTasks else {
                    throw JobOptionError(
                        option: "param-product", value: nil,
                        reason: .invalidParameter("the combinations number more than \(JobArray.maxTasks) tasks"))
                }
                tasks = tasks.flatMap { task in
                    parameter.values.map { value in task.merging([parameter.name: value]) { $1 } }
                }
            }
            return tasks
        }
        for parameter in parameters where parameter.values.count != first.values.count {
            throw JobOptionError(
                option: "param", value: "\(parameter.name)=…",
                reason: .invalidParameter(
                    "\(parameter.name) has \(parameter.values.count) values and \(first.name) \(first.values.count); "
                        + "zipped parameters need as many each (or give --param-product for every combination)"))
        }
        return (0..<first.values.count).map { index in
            Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.values[index]) })
        }
    }
}
