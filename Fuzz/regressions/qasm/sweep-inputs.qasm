OPENQASM 3.0;
include "stdgates.inc";
// QPI --param theta=0:1:3
input float[64] theta;
input int[8] n;
input bool flip;
input angle phi;
qubit[2] q;
bit[2] c;
rx(theta * n) q[0];
rz(phi) q[1];
if (flip) x q[0];
for int i in [0:n] { h q[1]; }
c = measure q;
