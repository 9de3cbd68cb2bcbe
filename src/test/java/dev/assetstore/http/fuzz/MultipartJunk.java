package dev.assetstore.http.fuzz;

import static dev.assetstore.http.fuzz.Junk.chance;
import static dev.assetstore.http.fuzz.Junk.pick;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * multipart/form-data bodies for the upload and the login form: mostly well framed with odd
 * contents (filenames, fields, part types), and some broken (boundaries that do not match or are
 * missing, truncated parts, too many parts, huge part headers).
 */
final class MultipartJunk {
  private MultipartJunk() {}

  /** A part type that made Netty's decoder fail outside Vert.x's error handling (now a 400). */
  static final String ILLEGAL_CHARSET = "text/plain; charset=\"\u00ff\"";

  static final List<String> FILENAMES =
      List.of(
          "a.txt",
          "",
          " ",
          ".",
          "..",
          "../../etc/passwd",
          "..\\..\\windows\\win.ini",
          "/abs/path.txt",
          "C:\\x\\y.txt",
          "a\u0000b.txt",
          "a\u001fb",
          "\u202etxt.exe",
          "CON",
          "nul.txt",
          "x".repeat(255),
          "x".repeat(256),
          "é".repeat(200),
          "😀.png",
          "e\u0301.txt",
          "a\"b.txt",
          "a;b=c.txt",
          "%2e%2e%2fx",
          "name with spaces.pdf",
          "no-extension",
          ".hidden",
          "a.",
          "a..b",
          "a/b.txt",
          "a\\b.txt");

  static final List<String> PART_TYPES =
      List.of(
          "application/octet-stream",
          "text/plain",
          "image/png",
          "text/html",
          "application/x-msdownload",
          "",
          "x",
          ILLEGAL_CHARSET,
          "multipart/mixed; boundary=inner",
          "a/b/c",
          "image/svg+xml",
          "x".repeat(2000));

  /** A body and the Content-Type header that goes with it. */
  record Form(byte[] body, String contentType) {}

  static Form upload(Random r) {
    String boundary = boundary(r);
    Parts p = new Parts(boundary);
    int fields = r.nextInt(5);
    for (int i = 0; i < fields; i++) {
      String name = pick(r, List.of("name", "description", "tags", "metadata", "extra", "file"));
      p.field(name, fieldValue(r, name));
    }
    if (!chance(r, 0.08)) {
      String filename = chance(r, 0.1) ? null : pick(r, FILENAMES);
      String type = chance(r, 0.3) ? null : pick(r, PART_TYPES);
      p.file("file", filename, type, content(r));
    }
    if (chance(r, 0.1)) {
      p.file("file", "second.txt", "text/plain", JsonJunk.utf8("second"));
    }
    if (chance(r, 0.1)) {
      p.file("other", "other.bin", null, new byte[] {1, 2, 3});
    }
    return p.finish(r);
  }

  static Form login(Random r, List<String> users) {
    String boundary = boundary(r);
    Parts p = new Parts(boundary);
    if (!chance(r, 0.1)) {
      p.field("username", chance(r, 0.5) ? pick(r, users) : pick(r, Junk.STRINGS));
    }
    if (chance(r, 0.6)) {
      p.field("password", pick(r, Junk.STRINGS));
    }
    if (chance(r, 0.3)) {
      p.field("grant_type", pick(r, List.of("password", "", "client_credentials", "x")));
    }
    if (chance(r, 0.3)) {
      p.field("scope", pick(r, List.of("", "store:read", "admin", "nope", "store:read  admin")));
    }
    return p.finish(r);
  }

  private static String fieldValue(Random r, String name) {
    return switch (name) {
      case "tags" ->
          pick(
              r,
              List.of(
                  "[\"a\"]",
                  "[]",
                  "a",
                  "[1]",
                  "{\"a\":1}",
                  "[" + "\"t\",".repeat(70) + "\"t\"]",
                  JsonJunk.nested(70, true),
                  "null",
                  ""));
      case "metadata" ->
          pick(
              r,
              List.of(
                  "{}",
                  "{\"a\":1}",
                  "[]",
                  "x",
                  JsonJunk.nested(70, false),
                  "{\"n\":1e400}",
                  "{\"x\":\"" + "y".repeat(17_000) + "\"}",
                  "null",
                  ""));
      default -> chance(r, 0.5) ? pick(r, Junk.STRINGS) : Junk.weird(r, r.nextInt(300));
    };
  }

  private static byte[] content(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> new byte[0];
      case 1 -> JsonJunk.utf8("%PDF-1.4 fuzz");
      case 2 -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
      case 3 -> JsonJunk.utf8("--not-the-boundary\r\n\r\n");
      default -> {
        byte[] b = new byte[r.nextInt(3000)];
        r.nextBytes(b);
        yield b;
      }
    };
  }

  private static String boundary(Random r) {
    return switch (r.nextInt(12)) {
      case 0 -> "x";
      case 1 -> "a".repeat(70);
      case 2 -> "a".repeat(200);
      case 3 -> "with space";
      case 4 -> "'\"quoted\"'";
      default -> "----fuzz" + Long.toHexString(r.nextLong());
    };
  }

  /** Builds the parts, then breaks the framing (or not). */
  private static final class Parts {
    final String boundary;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Parts(String boundary) {
      this.boundary = boundary;
    }

    void field(String name, String value) {
      head("Content-Disposition: form-data; name=\"" + name + "\"");
      bytes(value.getBytes(StandardCharsets.UTF_8));
      bytes(JsonJunk.utf8("\r\n"));
    }

    void file(String name, String filename, String type, byte[] content) {
      String cd = "Content-Disposition: form-data; name=\"" + name + "\"";
      if (filename != null) {
        cd += "; filename=\"" + filename + "\"";
      }
      head(cd + (type == null ? "" : "\r\nContent-Type: " + type));
      bytes(content);
      bytes(JsonJunk.utf8("\r\n"));
    }

    private void head(String lines) {
      bytes(("--" + boundary + "\r\n" + lines + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
      out.writeBytes(b);
    }

    Form finish(Random r) {
      String type = "multipart/form-data; boundary=" + boundary;
      int fault = r.nextInt(30);
      switch (fault) {
        case 0 -> type = "multipart/form-data";
        case 1 -> type = "multipart/form-data; boundary=";
        case 2 -> type = "multipart/form-data; boundary=other";
        case 3 -> type = "multipart/form-data; boundary=\"" + boundary + "\"";
        case 4 -> type = "multipart/mixed; boundary=" + boundary;
        case 5 -> type = "multipart/form-data; boundary=" + boundary + "; charset=x-unknown";
        case 6 -> {
          // no closing boundary
          return new Form(out.toByteArray(), type);
        }
        case 7 -> {
          byte[] all = close();
          int cut = all.length == 0 ? 0 : r.nextInt(all.length);
          return new Form(java.util.Arrays.copyOf(all, cut), type);
        }
        case 8 -> {
          for (int i = 0; i < pick(r, List.of(63, 64, 65, 200)); i++) {
            field("f" + i, "v");
          }
        }
        case 9 ->
            head(
                "Content-Disposition: form-data; name=\"x\"\r\nX-Huge: "
                    + "h".repeat(pick(r, List.of(10_000, 70_000))));
        case 10 -> head("Content-Type: text/plain");
        case 11 -> head("Content-Disposition: form-data");
        case 12 -> head("Content-Disposition: attachment; name=\"file\"; filename=\"a\"");
        case 13 -> head("Content-Disposition: form-data; name=file; filename=unquoted.txt");
        case 14 ->
            head("Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%e2%82%ac.txt");
        case 15 ->
            field("description", "d".repeat(pick(r, List.of(10_000, 10_001, 65_536, 65_537))));
        case 16 -> bytes(JsonJunk.utf8("--" + boundary + "\r\n\r\n\r\n"));
        case 17 -> {
          byte[] lf = close();
          return new Form(
              new String(lf, StandardCharsets.ISO_8859_1)
                  .replace("\r\n", "\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              type);
        }
        case 18 -> {
          return new Form(JsonJunk.concat(JsonJunk.utf8("preamble junk\r\n"), close()), type);
        }
        case 19 -> {
          return new Form(JsonJunk.concat(close(), JsonJunk.utf8("epilogue junk")), type);
        }
        default -> {
          // well framed
        }
      }
      return new Form(close(), type);
    }

    private byte[] close() {
      bytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    }
  }
}
