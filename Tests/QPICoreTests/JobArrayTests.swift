import QPICore
import Testing

struct JobArrayTests {
    @Test func slurmsSyntaxGivesSortedUniqueTasksAndTheBound() throws {
        #expect(try JobArray(parsing: "0-4").tasks == [0, 1, 2, 3, 4])
        #expect(try JobArray(parsing: "0-10:4").tasks == [0, 4, 8])
        #expect(try JobArray(parsing: "7,1,5,5").tasks == [1, 5, 7])
        let mixed = try JobArray(parsing: "1-3,8,2-4%2")
        #expect(mixed.tasks == [1, 2, 3, 4, 8] && mixed.limit == 2)
        #expect(try JobArray(parsing: "3").tasks == [3] && (try JobArray(parsing: "3")).limit == nil)
    }

    @Test(arguments: [
        "", "1-", "-3", "4-2", "1-9:0", "5:2", "1,,2", "0-3%", "0-3%x", "0-3%0", "x", "0-20000", "1000001",
    ])
    func malformedOrOversizedArraysAreRefused(_ text: String) {
        #expect(throws: JobOptionError.self) { try JobArray(parsing: text) }
    }

    @Test func rangesFoldRunsOfIndices() {
        #expect(JobArray.ranges(of: [0, 1, 2, 5, 7, 8]) == "0-2,5,7-8")
        #expect(JobArray.ranges(of: [4]) == "4")
        #expect(JobArray.ranges(of: []).isEmpty)
    }

    @Test func referencesNameJobsArraysAndTasks() throws {
        let task = Job(
            id: 13, name: "t", user: "u", uid: 1, shots: 1, circuitCount: 1, qubits: 1, timeLimitSeconds: 1,
            submitTime: 0, array: JobArrayTask(arrayJobID: 12, taskID: 1))
        #expect(task.reference.description == "12_1")
        #expect(task.isNamed(by: try #require(JobReference("12"))))
        #expect(task.isNamed(by: try #require(JobReference("12_1"))))
        #expect(task.isNamed(by: try #require(JobReference("13"))))
        #expect(!task.isNamed(by: try #require(JobReference("12_2"))))
        #expect(JobReference("12_") == nil && JobReference("_1") == nil && JobReference("0") == nil)
        #expect(JobReference("1_2_3") == nil && JobReference("12_-1") == nil)
    }
}
