/// The release every program and the HTTP API report (`--version`, `GET /api/op/version`).
public enum QPIVersion {
    public static let current = "0.9.0"
}
