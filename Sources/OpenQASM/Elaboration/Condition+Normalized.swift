extension Condition {
    /// The condition with single-bit tests in their plain form: `c[0] != 0` becomes
    /// `c[0] == 1`, so executors that only compare for equality (Qiskit's `c_if`) can run it.
    var normalized: Condition {
        guard self.clbits.count == 1, self.negated, self.value <= 1 else { return self }
        return Condition(clbits: self.clbits, value: 1 - self.value)
    }

    /// The condition that holds exactly when this one does not.
    var negation: Condition {
        Condition(clbits: self.clbits, value: self.value, negated: !self.negated).normalized
    }
}
