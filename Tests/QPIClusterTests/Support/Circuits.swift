/// Job scripts the end-to-end tests submit.
enum Circuits {
    /// Two qubits that always agree: counts only under "00" and "11".
    static let bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """

    /// One qubit flipped, then measured: every shot reads "1".
    static let one = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[1];
        creg c[1];
        x q[0];
        measure q -> c;
        """
}
