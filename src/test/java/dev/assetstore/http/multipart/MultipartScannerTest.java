package dev.assetstore.http.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.store.ApiError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartScannerTest {

  /** One part as built and as it must come out: headers and body bytes. */
  record Part(String name, String filename, String type, byte[] body) {
    String headerBlock() {
      String cd = "Content-Disposition: form-data; name=\"" + name + "\"";
      if (filename != null) {
        cd += "; filename=\"" + filename + "\"";
      }
      return cd + "\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
    }
  }

  /** Records what the scanner reports; each part as headers and the concatenation of its data. */
  static final class Recorder implements MultipartScanner.Parts {
    final List<PartHeaders> heads = new ArrayList<>();
    final List<ByteArrayOutputStream> bodies = new ArrayList<>();
    final List<Buffer> slices = new ArrayList<>();
    int ends;
    boolean open;

    @Override
    public void begin(PartHeaders headers) {
      assertThat(open).as("begin inside a part").isFalse();
      open = true;
      heads.add(headers);
      bodies.add(new ByteArrayOutputStream());
    }

    @Override
    public void data(Buffer bytes) {
      assertThat(open).as("data outside a part").isTrue();
      assertThat(bytes.length()).isPositive();
      slices.add(bytes);
      bodies.getLast().writeBytes(bytes.getBytes());
    }

    @Override
    public void end() {
      assertThat(open).as("end outside a part").isTrue();
      open = false;
      ends++;
    }
  }

  static byte[] body(String boundary, String preamble, List<Part> parts, String epilogue) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
    for (Part p : parts) {
      out.writeBytes(("--" + boundary + "\r\n" + p.headerBlock()).getBytes(StandardCharsets.UTF_8));
      out.writeBytes(p.body());
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(("--" + boundary + "--" + epilogue).getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Scans {@code body} cut at {@code cuts} (ascending offsets) and finishes. */
  static Recorder scan(String boundary, byte[] body, int... cuts) {
    Recorder r = new Recorder();
    MultipartScanner s = new MultipartScanner(boundary, 1024, r);
    int from = 0;
    for (int cut : cuts) {
      s.feed(Buffer.buffer(Arrays.copyOfRange(body, from, cut)));
      from = cut;
    }
    s.feed(Buffer.buffer(Arrays.copyOfRange(body, from, body.length)));
    s.finish();
    return r;
  }

  static void assertParts(Recorder r, List<Part> parts) {
    assertThat(r.heads).hasSize(parts.size());
    assertThat(r.ends).isEqualTo(parts.size());
    assertThat(r.open).isFalse();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      PartHeaders h = r.heads.get(i);
      assertThat(h.name()).isEqualTo(p.name());
      assertThat(h.filename()).isEqualTo(p.filename());
      assertThat(h.contentType()).isEqualTo(p.type());
      assertThat(r.bodies.get(i).toByteArray()).as("part %d", i).isEqualTo(p.body());
    }
  }

  static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Contents that look like the delimiter, or like its start, in every position. */
  static final List<byte[]> NASTY =
      List.of(
          latin1(""),
          latin1("\r"),
          latin1("\n"),
          latin1("\r\n"),
          latin1("\r\n\r\n"),
          latin1("-"),
          latin1("--"),
          latin1("\r\n-"),
          latin1("\r\n--"),
          latin1("\r\n--b"),
          latin1("\r\n--bo"),
          latin1("\r\n--bo\r\n--bo"),
          latin1("\r\n--boX"),
          latin1("--bou\r\n"),
          latin1("\r\r\n--bo\r\n--b"),
          latin1("\n--bou"),
          latin1("x\r\n--bo"),
          latin1("--bou--"),
          latin1("bou"),
          latin1("\r\n--bo\r\n--bo\r"));

  @Test
  void everySplitPointOfSmallBodiesGivesTheSameParts() {
    String boundary = "bou";
    for (byte[] content : NASTY) {
      List<Part> parts =
          List.of(
              new Part("name", null, null, latin1("x")),
              new Part("file", "a.bin", "application/octet-stream", content),
              new Part("after", null, "text/plain", content));
      for (String preamble : List.of("", "pre\r\n", "\r\n", "--bo\r\n")) {
        byte[] b = body(boundary, preamble, parts, "\r\n");
        for (int i = 0; i <= b.length; i++) {
          assertParts(scan(boundary, b, i), parts);
          // and a second cut (a short middle chunk) at every few bytes after it
          for (int j = i; j <= Math.min(b.length, i + 12); j++) {
            assertParts(scan(boundary, b, i, j), parts);
          }
          for (int j = i + 13; j <= b.length; j += 5) {
            assertParts(scan(boundary, b, i, j), parts);
          }
        }
      }
    }
  }

  @Test
  void oneByteChunksAndRandomChunkingsOfRandomContent() {
    Random random = new Random(20261128);
    byte[] alphabet = latin1("\r\n-bou x");
    for (int round = 0; round < 3000; round++) {
      String boundary = random.nextBoolean() ? "bou" : "b";
      List<Part> parts = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        byte[] content;
        do {
          content = new byte[random.nextInt(40)];
          for (int k = 0; k < content.length; k++) {
            content[k] = alphabet[random.nextInt(alphabet.length)];
          }
        } while (containsDelimiter(content, boundary));
        parts.add(new Part("p" + i, random.nextBoolean() ? "f" + i : null, null, content));
      }
      byte[] b = body(boundary, random.nextBoolean() ? "" : "junk\r\n", parts, "--\r\nepilogue");
      int[] ones = new int[b.length];
      for (int i = 0; i < ones.length; i++) {
        ones[i] = i;
      }
      assertParts(scan(boundary, b, ones), parts);
      assertParts(scan(boundary, b, randomCuts(random, b.length)), parts);
    }
  }

  /** A content holding the delimiter, or ending so that it and the delimiter form one early. */
  static boolean containsDelimiter(byte[] content, String boundary) {
    String s = new String(content, StandardCharsets.ISO_8859_1) + "\r\n--" + boundary;
    return s.indexOf("\r\n--" + boundary) != content.length;
  }

  static int[] randomCuts(Random random, int length) {
    List<Integer> cuts = new ArrayList<>();
    int at = 0;
    while (true) {
      at += 1 + random.nextInt(7);
      if (at >= length) {
        break;
      }
      cuts.add(at);
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void aLargeBodyInOneChunkIsHandedOnAsOneSliceOfThatChunk() {
    byte[] content = new byte[1 << 20];
    new Random(1).nextBytes(content);
    String boundary = "------------------------d74496d66958873e";
    List<Part> parts = List.of(new Part("file", "big.bin", null, content));
    byte[] b = body(boundary, "", parts, "\r\n");
    Buffer chunk = Buffer.buffer(b);
    Recorder r = new Recorder();
    MultipartScanner s = new MultipartScanner(boundary, 1024, r);
    s.feed(chunk);
    s.finish();
    assertParts(r, parts);
    assertThat(r.slices).hasSize(1);
    byte[] backing = ((BufferInternal) chunk).getByteBuf().array();
    assertThat(((BufferInternal) r.slices.getFirst()).getByteBuf().array()).isSameAs(backing);
  }

  @Test
  void aBodyCutInManyChunksIsHandedOnAsSlicesWithoutCopies() {
    byte[] content = new byte[256 * 1024];
    new Random(2).nextBytes(content);
    String boundary = "xyz0123456789";
    List<Part> parts = List.of(new Part("file", "big.bin", null, content));
    byte[] b = body(boundary, "", parts, "");
    Recorder r = new Recorder();
    MultipartScanner s = new MultipartScanner(boundary, 1024, r);
    List<byte[]> arrays = new ArrayList<>();
    for (int from = 0; from < b.length; from += 8192) {
      Buffer chunk = Buffer.buffer(Arrays.copyOfRange(b, from, Math.min(b.length, from + 8192)));
      arrays.add(((BufferInternal) chunk).getByteBuf().array());
      s.feed(chunk);
    }
    s.finish();
    assertParts(r, parts);
    // Every slice but a held-back tail (a CR that might start the delimiter) shares its chunk.
    long copied =
        r.slices.stream()
            .filter(
                x -> arrays.stream().noneMatch(a -> a == ((BufferInternal) x).getByteBuf().array()))
            .mapToInt(Buffer::length)
            .sum();
    assertThat(copied).isLessThan(arrays.size() * (long) (boundary.length() + 4));
  }

  @Test
  void transportPaddingAfterTheBoundaryIsAllowed() {
    byte[] b =
        latin1("--b \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--  junk\r\n");
    Recorder r = scan("b", b);
    assertThat(r.heads.getFirst().name()).isEqualTo("a");
    assertThat(r.bodies.getFirst().toString(StandardCharsets.ISO_8859_1)).isEqualTo("1");
  }

  @Test
  void aCloseDelimiterAloneIsAnEmptyForm() {
    assertThat(scan("b", latin1("--b--")).heads).isEmpty();
    assertThat(scan("b", latin1("preamble\r\n--b--\r\n")).heads).isEmpty();
  }

  @Test
  void aMissingCloseDelimiterFailsAtTheEnd() {
    for (String body :
        List.of(
            "",
            "no delimiter at all",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b-",
            "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n",
            "--b\r\n")) {
      assertStatus(() -> scan("b", latin1(body)), 400);
    }
  }

  @Test
  void brokenFramingIs400() {
    for (String body :
        List.of(
            "--bX\r\n\r\n--b--",
            "--b\n" + "Content-Disposition: form-data; name=\"a\"\n\n1\n--b--\n",
            "--b\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--b--",
            "--b\r\nno colon here\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Disposition: form-data; name=a\r\n"
                + "Content-Type: text/plain; charset=\"\u00ff\"\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Disposition: form-data; name=a\r\n"
                + "Content-Type: text/plain; charset=x-unknown\r\n\r\n1\r\n--b--",
            "--b\r\nContent-Disposition: form-data; name=a\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nMQ==\r\n--b--",
            "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b\r")) {
      assertStatus(() -> scan("b", latin1(body)), 400);
    }
  }

  @Test
  void partHeadersOverTheLimitAre413AndUpToItAreRead() {
    String head = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX: ";
    String lineEnd = "\r\n\r\n";
    int fixed = "Content-Disposition: form-data; name=\"a\"\r\nX: ".length() + lineEnd.length();
    String fits = head + "h".repeat(1024 - fixed) + lineEnd + "1\r\n--b--";
    assertThat(scan("b", latin1(fits)).heads).hasSize(1);
    String over = head + "h".repeat(1024 - fixed + 1) + lineEnd + "1\r\n--b--";
    assertStatus(() -> scan("b", latin1(over)), 413);
  }

  @Test
  void headersAreReadCaseInsensitivelyWithQuotesFoldingAndExtendedFilenames() {
    String body =
        "--b\r\ncontent-disposition: FORM-DATA; NAME=file;\r\n filename=\"a;b \\x.txt\"\r\n"
            + "CONTENT-TYPE: text/plain; charset=ISO-8859-1\r\n\r\n\u00e9\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\";"
            + " filename*=UTF-8''%e2%82%ac%20+.txt\r\n\r\n\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n\r\n\r\n--b--";
    Recorder r = scan("b", body.getBytes(StandardCharsets.ISO_8859_1));
    PartHeaders a = r.heads.get(0);
    assertThat(a.name()).isEqualTo("file");
    assertThat(a.filename()).isEqualTo("a;b \\x.txt");
    assertThat(a.contentType()).isEqualTo("text/plain; charset=ISO-8859-1");
    assertThat(a.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(r.heads.get(1).filename()).isEqualTo("\u20ac +.txt");
    assertThat(r.heads.get(2).isFile()).isTrue();
    assertThat(r.heads.get(2).filename()).isEmpty();
  }

  @Test
  void utf8InHeadersIsRead() {
    String body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\u00e9\ud83d\ude00.txt\""
            + "\r\n\r\n1\r\n--b--";
    Recorder r = scan("b", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.heads.getFirst().filename()).isEqualTo("\u00e9\ud83d\ude00.txt");
    assertThat(r.heads.getFirst().contentType()).isNull();
    assertThat(r.heads.getFirst().charset()).isEqualTo(StandardCharsets.UTF_8);
  }

  @Test
  void afterAFailureNothingMoreIsReported() {
    Recorder r = new Recorder();
    MultipartScanner s = new MultipartScanner("b", 1024, r);
    assertStatus(() -> s.feed(Buffer.buffer(latin1("--bX"))), 400);
    s.feed(Buffer.buffer(latin1("\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--")));
    assertThat(r.heads).isEmpty();
    assertStatus(s::finish, 400);
  }

  @Test
  void boundaryParameterIsTakenFromTheContentType() {
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; charset=x; BOUNDARY=\"a b\""))
        .isEqualTo("a b");
    assertThat(MultipartScanner.boundaryOf("multipart/form-data")).isNull();
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; boundary=")).isNull();
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; boundary=\"\"")).isNull();
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; boundary=" + "a".repeat(257)))
        .isNull();
    assertThat(MultipartScanner.boundaryOf("multipart/form-data; boundary=" + "a".repeat(256)))
        .hasSize(256);
  }

  static void assertStatus(Runnable r, int status) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
