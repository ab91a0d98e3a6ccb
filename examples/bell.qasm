// QPI --shots=1000 --name=bell
// A Bell pair: the two qubits always agree, half the time 00 and half 11.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
