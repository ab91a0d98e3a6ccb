import QPISecurity
import Testing

struct NodeTokenProofTests {
    @Test func onlyTheTokenAnswersTheChallengeForItsQPU() throws {
        let token = try #require(QPUToken("remote0." + SecretToken.generateSecret()))
        let challenges = NodeChallenges()
        let challenge = challenges.issue(for: "remote0", now: 1_000)
        let proof = NodeTokenProof.prove(token, challenge: challenge)
        #expect(NodeTokenProof.verify(proof, tokenHash: token.hash, qpu: "remote0", challenge: challenge))
        #expect(!proof.contains(token.secret))

        let guessed = try #require(QPUToken("remote0." + SecretToken.generateSecret()))
        #expect(
            !NodeTokenProof.verify(
                NodeTokenProof.prove(guessed, challenge: challenge), tokenHash: token.hash, qpu: "remote0",
                challenge: challenge))
        let other = challenges.issue(for: "remote0", now: 1_001)
        #expect(!NodeTokenProof.verify(proof, tokenHash: token.hash, qpu: "remote0", challenge: other))
        #expect(!NodeTokenProof.verify(proof, tokenHash: token.hash, qpu: "remote1", challenge: challenge))
        for malformed in ["", "zz", String(proof.dropLast()), proof.uppercased() + "0"] {
            #expect(!NodeTokenProof.verify(malformed, tokenHash: token.hash, qpu: "remote0", challenge: challenge))
        }
    }

    @Test func aChallengeIsGoodForItsQPUForAMinuteFromThisIssuerOnly() {
        let challenges = NodeChallenges()
        let challenge = challenges.issue(for: "q", now: 5_000)
        #expect(challenges.isValid(challenge, for: "q", now: 5_000))
        #expect(challenges.isValid(challenge, for: "q", now: 5_000 + NodeChallenges.lifetime))
        #expect(!challenges.isValid(challenge, for: "q", now: 5_001 + NodeChallenges.lifetime))
        #expect(!challenges.isValid(challenge, for: "q", now: 4_990))
        #expect(!challenges.isValid(challenge, for: "r", now: 5_000))
        #expect(!NodeChallenges().isValid(challenge, for: "q", now: 5_000))
        let forgedTime = "5030." + challenge.split(separator: ".")[1]
        #expect(!challenges.isValid(forgedTime, for: "q", now: 5_030))
        for malformed in ["", ".", "5000", "5000.", "x.00", "5000.zz.1"] {
            #expect(!challenges.isValid(malformed, for: "q", now: 5_000))
        }
    }
}
