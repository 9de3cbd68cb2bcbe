package dev.assetstore.http.fuzz;

/**
 * One generated exchange.
 *
 * @param kind the generator family (query, path-id, json, multipart, protocol…)
 * @param op the operation id it aims at, or "-" for protocol-level cases
 * @param expected how many responses the bytes call for (2 for a pipelined pair)
 * @param fresh send on a new connection (the bytes may leave the stream unusable)
 * @param drain half-close after the expected responses and read whatever else comes
 * @param mayGoUnanswered the request is incomplete by design (a head that never ends), so the
 *     server can only close the connection
 */
record FuzzCase(
    int index,
    String kind,
    String op,
    String description,
    byte[] bytes,
    int expected,
    boolean head,
    boolean fresh,
    boolean drain,
    boolean mayGoUnanswered) {

  static FuzzCase of(int index, String kind, String op, RequestBytes r) {
    return new FuzzCase(
        index, kind, op, r.describe(), r.build(), 1, r.method.equals("HEAD"), false, false, false);
  }

  FuzzCase isolated() {
    return new FuzzCase(index, kind, op, description, bytes, expected, head, true, true, false);
  }

  FuzzCase unanswerable() {
    return new FuzzCase(index, kind, op, description, bytes, expected, head, true, true, true);
  }

  FuzzCase expecting(int n) {
    return new FuzzCase(index, kind, op, description, bytes, n, head, true, true, mayGoUnanswered);
  }
}
